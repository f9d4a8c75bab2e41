import { countProducts, seedCatalog } from "@/db/seed";
import { databaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { invalidateCatalog } from "@/lib/catalog";

/**
 * First-boot work for the embedded mode: apply migrations and seed the demo data.
 * With DATABASE_URL the operator runs `npm run db:migrate` and `npm run db:seed` instead, so a
 * server never changes a shared schema on its own.
 */
export async function prepareEmbeddedDatabase(): Promise<void> {
  const handle = databaseHandle();
  if (handle.target.kind !== "pglite") return;
  await handle.migrate();
  await seedDemoData();
}

/** Idempotent demo data (`npm run db:seed`). */
export async function seedDemoData(): Promise<{ productsInserted: number; productCount: number }> {
  const { db } = databaseHandle();
  const productsInserted = await seedCatalog(db, { currency: env().STORE_CURRENCY });
  if (productsInserted > 0) invalidateCatalog();
  return { productsInserted, productCount: await countProducts(db) };
}

export async function bootApp(): Promise<void> {
  await prepareEmbeddedDatabase();
}
