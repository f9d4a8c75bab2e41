import { countProducts, seedCatalog } from "@/db/seed";
import { bootstrapEmbeddedAdmin } from "@/lib/auth/admin-bootstrap";
import { databaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { invalidateCatalog } from "@/lib/catalog";
import { logFor } from "@/lib/log";

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
  await bootstrapEmbeddedAdmin();
  keepTrying("cache", "listen for other instances' cache invalidations", () => import("@/lib/cache-sync").then(({ startProcessCacheSync }) => startProcessCacheSync()));
  if (env().stripeEmulated) ensurePlansInBackground();
  if (env().RUN_JOBS_IN_APP) startWorkersInBackground();
}

/**
 * Background work that must not hold up the server: if the database or Stripe is unreachable it
 * keeps trying, with backoff, so the app comes up (and says 503 on /api/v1/health) instead of crashing.
 */
function keepTrying(component: string, what: string, work: () => Promise<unknown>, attempt = 0): void {
  work().catch((err) => {
    const delay = Math.min(60_000, 2_000 * 2 ** attempt);
    logFor(component).error({ err, retryInSeconds: delay / 1000 }, `could not ${what}; retrying`);
    setTimeout(() => keepTrying(component, what, work, attempt + 1), delay).unref();
  });
}

/** Job workers start after boot. */
function startWorkersInBackground(): void {
  keepTrying("jobs", "start workers", () => import("@/lib/jobs/worker").then(({ startWorkers }) => startWorkers()));
}

/** On the emulator, the subscription plans' Prices are created at first boot (`npm run stripe:sync` elsewhere). */
function ensurePlansInBackground(): void {
  keepTrying("subscriptions", "create the subscription plans", () => import("@/lib/subscriptions/plans").then(({ ensurePlans }) => ensurePlans()));
}
