import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { products } from "./schema";
import { seedProducts } from "./seed-data";

/**
 * Create the demo catalog if it is missing. Idempotent: products are keyed by slug and an
 * existing row is never overwritten (an operator may have edited it).
 * Returns how many products were inserted.
 */
export async function seedCatalog(db: Database, opts: { currency: string }): Promise<number> {
  const inserted = await db
    .insert(products)
    .values(
      seedProducts.map((p) => ({
        slug: p.slug,
        name: p.name,
        description: p.description,
        unitAmount: p.unitAmount,
        currency: opts.currency,
        image: `/products/${p.slug}.svg`,
      })),
    )
    .onConflictDoNothing({ target: products.slug })
    .returning({ id: products.id });
  return inserted.length;
}

export async function countProducts(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(products);
  return row?.n ?? 0;
}
