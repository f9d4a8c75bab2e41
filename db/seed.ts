import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { categories, products, shippingRates, taxRates } from "./schema";
import { seedCategories, seedGallery, seedProducts, seedShippingRates, seedTaxRates } from "./seed-data";

/**
 * Create the demo catalog if it is missing. Idempotent: categories and products are keyed by
 * slug and an existing row is never overwritten (an operator may have edited it); a seeded
 * product without a category (one seeded before categories existed) is given its own, and one
 * without gallery views its drawn ones. Shipping rates (in the store currency) and tax rates are
 * seeded beside it, keyed the same way.
 * Returns how many products were inserted.
 */
export async function seedCatalog(db: Database, opts: { currency: string }): Promise<number> {
  await db
    .insert(categories)
    .values(seedCategories.map((c, i) => ({ slug: c.slug, name: c.name, description: c.description, position: i + 1 })))
    .onConflictDoNothing({ target: categories.slug });
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
        gallery: seedGallery(p.slug),
        stock: p.stock,
      })),
    )
    .onConflictDoNothing({ target: products.slug })
    .returning({ id: products.id });
  const pairs = sql.join(seedProducts.map((p) => sql`(${p.slug}, ${p.category})`), sql`, `);
  await db.execute(sql`
    update products p set category_id = c.id
      from (values ${pairs}) as s(product_slug, category_slug)
      join categories c on c.slug = s.category_slug
     where p.slug = s.product_slug and p.category_id is null`);
  // Seeded before galleries existed: given the drawn views, if still showing the seeded main image.
  const views = sql.join(seedProducts.map((p) => sql`(${p.slug}, ${`/products/${p.slug}.svg`}, array[${sql.join(seedGallery(p.slug).map((g) => sql`${g}`), sql`, `)}]::text[])`), sql`, `);
  await db.execute(sql`
    update products p set gallery = s.gallery
      from (values ${views}) as s(slug, image, gallery)
     where p.slug = s.slug and p.image = s.image and p.gallery = '{}'`);
  await db
    .insert(shippingRates)
    .values(seedShippingRates.map((r) => ({ ...r, freeOver: r.freeOver ?? null, currency: opts.currency })))
    .onConflictDoNothing();
  await db.insert(taxRates).values(seedTaxRates).onConflictDoNothing();
  return inserted.length;
}

export async function countProducts(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(products);
  return row?.n ?? 0;
}
