import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { products, type Product } from "@/db/schema";
import { cached } from "@/lib/cache";
import { db } from "@/lib/db";
import { CATALOG_TAG } from "./index";

/**
 * The catalog as shoppers browse it: search, sort and pages, so 10,000 products neither render
 * nor load at once.
 *
 * Search matches words of the name or description (Postgres full-text search, `simple`
 * configuration: no stemming, any language) or a name that contains a word close to the query
 * (pg_trgm's word similarity ≥ 0.5, so "kettel" finds "Cast Iron Kettle" and "mugs" the
 * "Stoneware Mug"). Each is answered by its own index (db/schema.ts) and the two id sets are
 * united: OR-ed in one condition, Postgres scanned the table instead (155 ms at 10,000 products
 * against under 1 ms). The indexes need the planner's statistics and a flushed GIN pending list,
 * which PGlite, having no autovacuum, gets from db/maintenance.ts (after the scale seed, and the db-maintenance job).
 * Any query is safe: it is capped, trimmed and passed as a parameter, and
 * `websearch_to_tsquery` accepts any text. Pages are numbered (a shopper jumps to page 3); the
 * page size is capped, so an offset never walks far.
 */
export const CATALOG_SORTS = ["featured", "newest", "price_asc", "price_desc"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 100;
const WORD_SIMILARITY = "0.5";

export const catalogQuerySchema = z.object({
  q: z
    .string()
    .optional()
    .transform((q) => q?.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, MAX_QUERY_LENGTH) || undefined),
  sort: z.enum(CATALOG_SORTS, { error: `must be one of ${CATALOG_SORTS.join(", ")}` }).optional(),
  page: z.coerce.number({ error: "must be a page number" }).int({ error: "must be a page number" }).min(1).max(10_000).optional(),
  per_page: z.coerce.number({ error: "must be a number" }).int({ error: "must be a number" }).min(1).max(MAX_PAGE_SIZE).optional(),
});
/** GET /api/v1/products: the catalog's parameters and a category slug. */
export const productListQuerySchema = catalogQuerySchema.extend({
  category: z.string().max(100).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "must be a category slug (GET /api/v1/categories)" }).optional(),
});
/** `categoryId`: only that category's products. */
export type CatalogQuery = { q?: string; sort?: CatalogSort; page?: number; perPage?: number; categoryId?: string };
export type CatalogPage = { products: Product[]; page: number; perPage: number; total: number; hasMore: boolean };

const ORDER: Record<CatalogSort, SQL[]> = {
  featured: [asc(products.name), asc(products.id)],
  newest: [desc(products.createdAt), asc(products.id)],
  price_asc: [asc(products.unitAmount), asc(products.name), asc(products.id)],
  price_desc: [desc(products.unitAmount), asc(products.name), asc(products.id)],
};

/**
 * One page of active products, matching `q` if given (best matches first when sorted as
 * featured). Pages without a query are cached with the rest of the catalog (invalidated by
 * every catalog write); searches are not.
 */
export function browseCatalog(query: CatalogQuery = {}): Promise<CatalogPage> {
  const page = query.page ?? 1;
  const perPage = Math.min(query.perPage ?? 24, MAX_PAGE_SIZE);
  const sort = query.sort ?? "featured";
  const categoryId = query.categoryId;
  if (query.q) return readPage(query.q, categoryId, sort, page, perPage);
  return cached(`catalog:browse:${categoryId ?? "all"}:${sort}:${page}:${perPage}`, [CATALOG_TAG], 30_000, () => readPage(undefined, categoryId, sort, page, perPage));
}

async function readPage(q: string | undefined, categoryId: string | undefined, sort: CatalogSort, page: number, perPage: number): Promise<CatalogPage> {
  const matches = q
    ? sql`${products.id} in (
        select id from ${products} where to_tsvector('simple', ${products.name} || ' ' || ${products.description}) @@ websearch_to_tsquery('simple', ${q})
        union
        select id from ${products} where lower(${q}) <% lower(${products.name}))`
    : undefined;
  const where = and(eq(products.active, true), categoryId ? eq(products.categoryId, categoryId) : undefined, matches);
  // With a query and the default order, the closest names first.
  const order = q && sort === "featured" ? [desc(sql`word_similarity(lower(${q}), lower(${products.name}))`), ...ORDER.featured] : ORDER[sort];
  return db().transaction(async (tx) => {
    // `<%` uses the trigram index with this threshold (for this transaction only).
    if (q) await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${WORD_SIMILARITY}, true)`);
    const [rows, [{ total }]] = await Promise.all([
      tx
        .select()
        .from(products)
        .where(where)
        .orderBy(...order)
        .limit(perPage + 1)
        .offset((page - 1) * perPage),
      tx.select({ total: sql<number>`count(*)::int` }).from(products).where(where),
    ]);
    return { products: rows.slice(0, perPage), page, perPage, total, hasMore: rows.length > perPage };
  });
}
