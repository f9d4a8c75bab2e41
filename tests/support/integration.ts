import { seedCatalog } from "@/db/seed";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { listProducts } from "@/lib/catalog";
import { stopJobQueue } from "@/lib/jobs/queue";
import { receiveStripeWebhook } from "@/lib/webhooks";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";
import { startTestStripe, type TestStripe, type TestStripeOptions } from "./stripe";

export type StripeAndDatabase = { stripe: TestStripe; testDb: TestDatabase };

/**
 * The usual setup of an integration test file, for its beforeAll: a fresh Stripe emulator made
 * this process's Stripe, then a fresh migrated database (in that order: lib/env reads the Stripe
 * settings on first use), with the demo catalog in USD when `seed` is set.
 */
export async function startStripeAndDatabase(opts: TestStripeOptions & { seed?: boolean } = {}): Promise<StripeAndDatabase> {
  const stripe = await startTestStripe(opts);
  const testDb = await createTestDatabase();
  if (opts.seed) await seedCatalog(testDb.handle.db, { currency: "usd" });
  return { stripe, testDb };
}

/**
 * Its afterAll: stop the job queue if anything started it (running jobs finish before their
 * database goes), drop the database, stop the emulator.
 */
export async function stopStripeAndDatabase({ stripe, testDb }: Partial<StripeAndDatabase>): Promise<void> {
  await stopJobQueue();
  await testDb?.drop();
  await stripe?.close();
}

/** What the webhook route answers for a delivery: 200 once received, a domain error's status (lib/http/errors.ts), or 500. */
export async function receiveAsTheRoute(raw: string, signature: string | null): Promise<number> {
  try {
    await receiveStripeWebhook(raw, signature);
    return 200;
  } catch (err) {
    return err instanceof DomainError ? statusOf(err) : 500;
  }
}

/** The ids of the seeded catalog's products with these slugs, in order; an unknown slug fails. */
export async function productIds(...slugs: string[]): Promise<string[]> {
  const products = await listProducts();
  return slugs.map((slug) => {
    const product = products.find((p) => p.slug === slug);
    if (!product) throw new Error(`no product ${slug} in the catalog`);
    return product.id;
  });
}
