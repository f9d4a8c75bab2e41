/**
 * `npx tsx --conditions=react-server bench/admin-stats.ts [orders]`: the dashboard's query times
 * on a seeded shop. Seeds the scale seed (db/seed-scale.ts: 10 000 products, 5 000 users, ORDERS
 * orders — default 100 000 — over the last 400 days, 20 000 webhook events) and 2 000
 * subscriptions into a fresh database
 * (PGlite in memory, or a scratch database on the server in DATABASE_URL), then times each
 * figure of lib/admin/stats.ts (median of 7 runs after a warm-up) and the whole dashboard.
 */
import { performance } from "node:perf_hooks";
import { dashboardStats } from "../lib/admin/stats";
import { countUsersSince } from "../lib/auth/users";
import { databaseHandle } from "../lib/db";
import { deadJobCount, stopJobQueue } from "../lib/jobs/queue";
import { seedScale } from "../db/seed-scale";
import { orderCountsSince, revenueSeries } from "../lib/orders/stats";
import { countActiveSubscriptionsByPlan } from "../lib/subscriptions";
import { countFailedWebhookEvents } from "../lib/webhooks";
import { createTestDatabase } from "../support/test-db";

const ORDERS = Number(process.argv[2] ?? 100_000);

async function median(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return Math.round(samples.sort((a, b) => a - b)[Math.floor(runs / 2)] * 10) / 10;
}

async function main() {
  const testDb = await createTestDatabase();
  const q = (sql: string) => databaseHandle().exec(sql);
  const t0 = performance.now();
  // The scale seed (db/seed-scale.ts, as `npm run db:seed -- --scale`), with ORDERS orders.
  await seedScale(testDb.handle.db, { currency: "usd", scale: { orders: ORDERS } });
  await q(`insert into subscriptions (user_id, stripe_subscription_id, plan, stripe_price_id, status)
    select id, 'sub_' || md5(id::text), case when row_number() over () % 3 = 0 then 'pro' else 'basic' end, 'price_bench', case when row_number() over () % 5 = 0 then 'canceled' else 'active' end
    from (select id from users limit 2000) u`);
  await q(`analyze`);
  const seeded = Math.round(performance.now() - t0);
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const week = new Date(today.getTime() - 6 * 86_400_000);
  const rows = {
    "revenue, 30 days by day": await median(() => revenueSeries("30d", "usd")),
    "revenue, 12 months by month": await median(() => revenueSeries("12m", "usd")),
    "orders today / 7 days": await median(() => orderCountsSince({ today, week })),
    "new customers, 7 days": await median(() => countUsersSince(week)),
    "active subscriptions by plan": await median(() => countActiveSubscriptionsByPlan()),
    "failed / dead webhooks": await median(() => countFailedWebhookEvents()),
    "dead jobs": await median(() => deadJobCount()),
    "whole dashboard (side by side), 30d": await median(() => dashboardStats("30d")),
  };
  console.log(`${testDb.kind}: ${ORDERS} orders seeded in ${seeded} ms`);
  for (const [name, ms] of Object.entries(rows)) console.log(`${name.padEnd(40)} ${ms} ms (median of 7)`);
  await stopJobQueue();
  await testDb.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
