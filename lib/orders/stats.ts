import { count, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { orders } from "@/db/schema";
import { db } from "@/lib/db";

/**
 * Read-only aggregates over orders for the admin area (the dashboard and the users list). Each
 * figure is one SQL aggregate; nothing here loads order rows into JavaScript.
 *
 * Revenue is what was paid and kept: amount_total − amount_refunded of orders that were paid
 * (paid_at is set only when an order is paid; refunded ones stay counted, net of the refund), in
 * one currency, by the UTC day (or month) of payment.
 */

/** Paid money kept, net of refunds (SQL, per row). */
const netPaid = sql<number>`(${orders.amountTotal} - ${orders.amountRefunded})`;

export type OrderTotals = { orderCount: number; lifetimeValue: number };

/** Per user: how many orders they placed and what their paid orders brought in, net of refunds (one grouped query). */
export async function orderTotalsForUsers(userIds: string[], currency: string): Promise<Map<string, OrderTotals>> {
  if (userIds.length === 0) return new Map();
  const rows = await db()
    .select({
      userId: orders.userId,
      orderCount: sql<number>`count(*)::int`,
      lifetimeValue: sql<number>`coalesce(sum(${netPaid}) filter (where ${orders.paidAt} is not null and ${orders.currency} = ${currency}), 0)::bigint`,
    })
    .from(orders)
    .where(inArray(orders.userId, userIds))
    .groupBy(orders.userId);
  return new Map(rows.map((r) => [r.userId!, { orderCount: Number(r.orderCount), lifetimeValue: Number(r.lifetimeValue) }]));
}

/** Does the user have any order? (read in the caller's transaction, under its lock) */
export async function userHasOrders(userId: string, database: DbExecutor = db()): Promise<boolean> {
  const [row] = await database.select({ n: count() }).from(orders).where(eq(orders.userId, userId));
  return row.n > 0;
}

export type RevenuePoint = { period: string; amount: number };
export type RevenueRange = "30d" | "12m";

/**
 * Net revenue per UTC day for the last 30 days (today included), or per month for the last 12
 * months: one query, gaps filled by generate_series so the chart has every period.
 */
export async function revenueSeries(range: RevenueRange, currency: string, now = new Date()): Promise<RevenuePoint[]> {
  const unit = range === "30d" ? "day" : "month";
  const steps = range === "30d" ? 29 : 11;
  const step = sql.raw(`'1 ${unit}'::interval`);
  const unitSql = sql.raw(`'${unit}'`);
  const end = sql`date_trunc(${unitSql}, ${now.toISOString()}::timestamptz at time zone 'UTC')`;
  const start = sql`(${end} - ${sql.raw(`'${steps} ${unit}'::interval`)})`;
  const rows = await db().execute<{ period: string; amount: string | number }>(sql`
    with paid as (
      select date_trunc(${unitSql}, ${orders.paidAt} at time zone 'UTC') as period, sum(${netPaid}) as amount
      from ${orders}
      where ${orders.paidAt} is not null
        and ${orders.paidAt} >= (${start}) at time zone 'UTC'
        and ${orders.paidAt} < (${end} + ${step}) at time zone 'UTC'
        and ${orders.currency} = ${currency}
      group by 1
    )
    select to_char(s.period, ${range === "30d" ? "YYYY-MM-DD" : "YYYY-MM"}) as period, coalesce(paid.amount, 0) as amount
    from generate_series(${start}, ${end}, ${step}) as s(period)
    left join paid on paid.period = s.period
    order by s.period`);
  return rowsOf<{ period: string; amount: string | number }>(rows).map((r) => ({ period: r.period, amount: Number(r.amount) }));
}

/** Orders placed since each cut-off (today, the last 7 days), any status: one query. */
export async function orderCountsSince(cutoffs: { today: Date; week: Date }): Promise<{ today: number; week: number }> {
  const [row] = await db()
    .select({
      today: sql<number>`count(*) filter (where ${orders.createdAt} >= ${cutoffs.today.toISOString()}::timestamptz)::int`,
      week: sql<number>`count(*)::int`,
    })
    .from(orders)
    .where(gte(orders.createdAt, cutoffs.week < cutoffs.today ? cutoffs.week : cutoffs.today));
  return { today: Number(row.today), week: Number(row.week) };
}

/** postgres-js returns the rows array itself, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
