import { z } from "zod";
import { countUsersSince } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { deadJobCount } from "@/lib/jobs/queue";
import { orderCountsSince, revenueSeries, type RevenuePoint, type RevenueRange } from "@/lib/orders/stats";
import { countActiveSubscriptionsByPlan } from "@/lib/subscriptions";
import { invoiceRevenueSeries } from "@/lib/subscriptions/invoices";
import { countFailedWebhookEvents } from "@/lib/webhooks";

/**
 * The dashboard's figures (/admin and GET /api/v1/admin/stats). Each is one SQL aggregate in the
 * module that owns its table; they run side by side. Days are UTC days.
 *
 * Revenue counts paid orders net of refunds and paid subscription invoices, in the store
 * currency, by the day of payment (each source summed in its owner's query, then added per period).
 */
export const statsQuerySchema = z.object({ range: z.enum(["30d", "12m"], { error: "must be 30d or 12m" }).default("30d") }).strict();

export type DashboardStats = {
  currency: string;
  range: RevenueRange;
  revenue: RevenuePoint[];
  revenueTotal: number;
  orders: { today: number; week: number };
  newCustomers: number;
  activeSubscriptions: { plan: string; count: number }[];
  webhooks: { failed: number; dead: number };
  deadJobs: number;
};

const DAY = 24 * 60 * 60 * 1000;

export async function dashboardStats(range: RevenueRange, now = new Date()): Promise<DashboardStats> {
  const currency = env().STORE_CURRENCY;
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const week = new Date(today.getTime() - 6 * DAY);
  const [orderRevenue, invoiceRevenue, orders, newCustomers, activeSubscriptions, webhooks, deadJobs] = await Promise.all([
    revenueSeries(range, currency, now),
    invoiceRevenueSeries(range, currency, now),
    orderCountsSince({ today, week }),
    countUsersSince(week),
    countActiveSubscriptionsByPlan(),
    countFailedWebhookEvents(),
    deadJobCount(),
  ]);
  // Both series cover the same periods in the same order (lib/stats/periods.ts).
  const revenue = orderRevenue.map((p, i) => ({ period: p.period, amount: p.amount + (invoiceRevenue[i]?.amount ?? 0) }));
  return { currency, range, revenue, revenueTotal: revenue.reduce((sum, p) => sum + p.amount, 0), orders, newCustomers, activeSubscriptions, webhooks, deadJobs };
}

export function toStatsDto(s: DashboardStats) {
  return {
    currency: s.currency,
    range: s.range,
    revenue: s.revenue,
    revenue_total: s.revenueTotal,
    orders: { today: s.orders.today, last_7_days: s.orders.week },
    new_customers_7_days: s.newCustomers,
    active_subscriptions: s.activeSubscriptions,
    webhooks: s.webhooks,
    dead_jobs: s.deadJobs,
  };
}
