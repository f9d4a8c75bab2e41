// `npm run db:seed`: create the demo catalog if missing (idempotent).
// `npm run db:seed -- --scale`: also a shop at scale (db/seed-scale.ts: 10,000 products, 5,000
// users, 100,000 orders, 20,000 webhook events; idempotent).
import { performance } from "node:perf_hooks";
import { refreshPlannerStatistics } from "../db/maintenance";
import { seedScale } from "../db/seed-scale";
import { seedDemoData } from "../lib/boot";
import { databaseHandle } from "../lib/db";
import { env } from "../lib/env";

async function main() {
  const handle = databaseHandle();
  if (handle.target.kind === "pglite") await handle.migrate();
  const result = await seedDemoData();
  console.log(`Seeded: ${result.productsInserted} new products (${result.productCount} in the catalog).`);
  if (process.argv.includes("--scale")) {
    const started = performance.now();
    const scale = await seedScale(handle.db, { currency: env().STORE_CURRENCY });
    // The planner's statistics and the search indexes, as autovacuum would leave them (PGlite has none).
    await refreshPlannerStatistics(handle);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Scale seed (${seconds} s): ${scale.products} new products, ${scale.users} users, ${scale.orders} orders with ${scale.orderItems} items, ${scale.webhookEvents} webhook events.`,
    );
  }
  await handle.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
