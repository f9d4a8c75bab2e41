// `npm run db:seed`: create the demo catalog if missing (idempotent).
import { seedDemoData } from "../lib/boot";
import { databaseHandle } from "../lib/db";

async function main() {
  const handle = databaseHandle();
  if (handle.target.kind === "pglite") await handle.migrate();
  const result = await seedDemoData();
  console.log(`Seeded: ${result.productsInserted} new products (${result.productCount} in the catalog).`);
  await handle.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
