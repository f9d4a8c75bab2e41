import { and, asc, eq, inArray } from "drizzle-orm";
import { products, type Product } from "@/db/schema";

export type { Product };
import { cached, invalidateTag } from "@/lib/cache";
import { db } from "@/lib/db";

export const CATALOG_TAG = "catalog";
const CATALOG_TTL_MS = 30_000;

/** Active products, by name. */
export function listProducts(): Promise<Product[]> {
  return cached("catalog:list", [CATALOG_TAG], CATALOG_TTL_MS, () =>
    db().select().from(products).where(eq(products.active, true)).orderBy(asc(products.name)),
  );
}

/** An active product by slug, or null. */
export function getProductBySlug(slug: string): Promise<Product | null> {
  return cached(`catalog:slug:${slug}`, [CATALOG_TAG], CATALOG_TTL_MS, async () => {
    const [row] = await db()
      .select()
      .from(products)
      .where(and(eq(products.slug, slug), eq(products.active, true)))
      .limit(1);
    return row ?? null;
  });
}

/** Which of these ids are active products (read fresh: a cart change must not add a retired one). */
export async function activeProductIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await db()
    .select({ id: products.id })
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.active, true)));
  return new Set(found.map((p) => p.id));
}

/** Called by every catalog write so pages show the change at once. */
export function invalidateCatalog(): void {
  invalidateTag(CATALOG_TAG);
}

/** The JSON shape of a product in the API (snake_case, minor units). */
export type ProductDto = {
  id: string;
  slug: string;
  name: string;
  description: string;
  unit_amount: number;
  currency: string;
  image: string;
};

export function toProductDto(p: Product): ProductDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    unit_amount: p.unitAmount,
    currency: p.currency,
    image: p.image,
  };
}
