import { and, asc, eq, ne } from "drizzle-orm";
import { categories, products, type Category, type Product } from "@/db/schema";
import { cached } from "@/lib/cache";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { CATALOG_TAG } from "./index";

/**
 * The catalog's categories (/c/[slug], GET /api/v1/categories). This module is the only one
 * that reads or writes the `categories` table (the demo seed in db/seed.ts creates them).
 */
export type { Category };
const TTL_MS = 30_000;

/** Every category, in shop order. */
export function listCategories(): Promise<Category[]> {
  return cached("catalog:categories", [CATALOG_TAG], TTL_MS, () => db().select().from(categories).orderBy(asc(categories.position), asc(categories.name)));
}

/** A category by slug, or null. */
export async function getCategoryBySlug(slug: string): Promise<Category | null> {
  return (await listCategories()).find((c) => c.slug === slug) ?? null;
}

/** The id of the category with this slug; an unknown slug is a 400 naming `category`. */
export async function categoryIdForSlug(slug: string): Promise<string> {
  const category = await getCategoryBySlug(slug);
  if (!category) throw new DomainError("invalid_request", "No such category", { category: ["is not a category (GET /api/v1/categories lists them)"] });
  return category.id;
}

/** Up to `limit` other active products of the product's category, by name (none when it has no category). */
export function relatedProducts(product: Pick<Product, "id" | "categoryId">, limit = 4): Promise<Product[]> {
  const categoryId = product.categoryId;
  if (!categoryId) return Promise.resolve([]);
  return cached(`catalog:related:${product.id}:${limit}`, [CATALOG_TAG], TTL_MS, () =>
    db()
      .select()
      .from(products)
      .where(and(eq(products.categoryId, categoryId), eq(products.active, true), ne(products.id, product.id)))
      .orderBy(asc(products.name), asc(products.id))
      .limit(limit),
  );
}

/** The JSON shape of a category in the API. */
export type CategoryDto = { id: string; slug: string; name: string; description: string };
export function toCategoryDto(c: Category): CategoryDto {
  return { id: c.id, slug: c.slug, name: c.name, description: c.description };
}
