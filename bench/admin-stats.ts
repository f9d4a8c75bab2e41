/**
 * `npx tsx --conditions=react-server bench/admin-stats.ts [orders]`: the dashboard's query times
 * on a seeded shop. Seeds ORDERS (default 100 000) orders over the last 400 days (80% paid, a
 * tenth of those partly refunded), 20 000 users and 2 000 subscriptions into a fresh database
 * (PGlite in memory, or a scratch database on the server in DATABASE_URL), then times each
 * figure of lib/admin/stats.ts (median of 7 runs after a warm-up) and the whole dashboard.
 */
import { performance } from "node:perf_hooks";
import { dashboardStats } from "../lib/admin/stats";
import { countUsersSince } from "../lib/auth/users";
import { databaseHandle } from "../lib/db";
import { deadJobCount } from "../lib/jobs/queue";
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
  await q(`insert into users (email, role, created_at) select 'bench-' || g || '@example.com', 'customer', now() - (g % 400) * interval '1 day' from generate_series(1, 20000) g`);
  await q(`insert into orders (user_id, email, status, currency, amount_total, amount_refunded, access_token, created_at, paid_at)
    select u.id, u.email,
      case when g % 10 < 8 then 'paid' when g % 10 = 8 then 'pending' else 'failed' end,
      'usd', 500 + (g * 37) % 20000, case when g % 10 < 8 and g % 100 < 10 then 200 else 0 end,
      md5(g::text), now() - (g % 400) * interval '1 day' - (g % 1440) * interval '1 minute',
      case when g % 10 < 8 then now() - (g % 400) * interval '1 day' - (g % 1440) * interval '1 minute' + interval '1 minute' end
    from generate_series(1, ${ORDERS}) g join (select id, email, (row_number() over (order by id) - 1)::int as n from users) u on u.n = g % 20000`);
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
  await testDb.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
