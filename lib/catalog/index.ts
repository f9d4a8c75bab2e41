import { randomBytes } from "node:crypto";
import { and, asc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbExecutor } from "@/db/client";
import { products, type Product } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { likeLiteral } from "@/db/like";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { MAX_PAYMENT_AMOUNT } from "@/lib/money";
import { plainText } from "@/lib/validation/text";

export type { Product };
import { cached } from "@/lib/cache";
import { invalidateEverywhere } from "@/lib/cache-sync";
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

/** "Only N left" from this many down. */
export const LOW_STOCK = 5;

export type Availability = { status: "in_stock" | "low_stock" | "out_of_stock"; label: string; /** At most this many in one cart line. */ max: number };

/** How a product's stock reads to a shopper; null stock is not tracked (always in stock). */
export function availability(stock: number | null, lineMax: number): Availability {
  if (stock === null) return { status: "in_stock", label: "In stock", max: lineMax };
  if (stock <= 0) return { status: "out_of_stock", label: "Out of stock", max: 0 };
  if (stock <= LOW_STOCK) return { status: "low_stock", label: `Only ${stock} left`, max: Math.min(stock, lineMax) };
  return { status: "in_stock", label: "In stock", max: Math.min(stock, lineMax) };
}

/** The product page's gallery: the main image first, then the further views. */
export function productImages(p: Pick<Product, "image" | "gallery">): string[] {
  return [p.image, ...p.gallery.filter((g) => g !== p.image)];
}

/**
 * Stock of these products, read inside the caller's transaction (lib/cart checks a cart change
 * against it); a product missing from the map has no row, one mapped to null is not tracked.
 */
export async function stockOf(ids: string[], database: DbExecutor): Promise<Map<string, { name: string; stock: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await database.select({ id: products.id, name: products.name, stock: products.stock }).from(products).where(inArray(products.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, stock: r.stock }]));
}

export type StockLine = { productId: string | null; quantity: number };
export type StockShortage = { productId: string; name: string; stock: number; wanted: number };

/** The lines' quantities per product, in product id order (the order rows are locked in, so two takers never deadlock). */
function perProduct(lines: StockLine[]): [string, number][] {
  const wanted = new Map<string, number>();
  for (const l of lines) if (l.productId && l.quantity > 0) wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.quantity);
  return [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Take the lines' quantities from tracked stock inside the caller's transaction, each with a
 * conditional decrement (`stock >= q`), so two buyers of the last unit cannot both get it: the
 * second waits on the row and then finds too little. Untracked products (null stock) and missing
 * ones are left alone. Returns how many products were taken from and the lines that were short
 * (the caller rolls back, or books what it must and flags the rest).
 */
export async function takeStock(lines: StockLine[], database: DbExecutor): Promise<{ taken: number; short: StockShortage[] }> {
  let taken = 0;
  const short: StockShortage[] = [];
  for (const [id, quantity] of perProduct(lines)) {
    const [row] = await database
      .update(products)
      .set({ stock: sql`${products.stock} - ${quantity}` })
      .where(and(eq(products.id, id), sql`${products.stock} >= ${quantity}`))
      .returning({ id: products.id });
    if (row) {
      taken++;
      continue;
    }
    const [left] = await database.select({ name: products.name, stock: products.stock }).from(products).where(eq(products.id, id));
    if (left && left.stock !== null) short.push({ productId: id, name: left.name, stock: left.stock, wanted: quantity });
  }
  return { taken, short };
}

/** Give the lines' quantities back to tracked stock (a reservation released); untracked products are left alone. */
export async function returnStock(lines: StockLine[], database: DbExecutor): Promise<void> {
  for (const [id, quantity] of perProduct(lines)) {
    await database
      .update(products)
      .set({ stock: sql`${products.stock} + ${quantity}` })
      .where(and(eq(products.id, id), isNotNull(products.stock)));
  }
}

/**
 * Called by every catalog write: this instance shows the change at once, the other instances on
 * the database as soon as the NOTIFY reaches them (lib/cache-sync.ts), at worst after the TTL.
 */
export function invalidateCatalog(): void {
  invalidateEverywhere(CATALOG_TAG);
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
  requires_shipping: boolean;
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
    requires_shipping: p.requiresShipping,
  };
}

// ---------------------------------------------------------------------------------------------
// Catalog writes: every caller (the API's POST/PATCH /api/v1/products, seed 004's POST
// /v1/product, the admin pages) goes through these two, which invalidate the catalog cache.
// ---------------------------------------------------------------------------------------------

/** A product's fields as callers send them; prices in integer minor units of `currency`. */
const unitAmountSchema = z.number({ error: "must be an integer amount in minor units" }).int({ error: "must be an integer amount in minor units" }).min(0).max(MAX_PAYMENT_AMOUNT);
const currencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, { error: "must be a three-letter ISO currency code" })
  .transform((c) => c.toLowerCase());
const imageSchema = plainText()
  .trim()
  .max(500)
  .regex(/^(\/[A-Za-z0-9._~\/-]*|https:\/\/\S+)$/, { error: "must be a path on this site (/products/...) or an https URL" });

export const productCreateSchema = z
  .object({
    name: plainText().trim().min(1).max(200),
    description: plainText().trim().max(5000).optional(),
    unit_amount: unitAmountSchema,
    currency: currencySchema.optional(),
    image: imageSchema.optional(),
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "must be lower-case words joined by hyphens" }).max(100).optional(),
    /** false for digital goods: no shipping address or charge at checkout (default true). */
    requires_shipping: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict();
export type ProductCreateInput = z.output<typeof productCreateSchema>;

export const productUpdateSchema = productCreateSchema
  .omit({ slug: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { error: "must change at least one field", path: ["body"] });
/** What the admin area may change: every field, the slug included (old links to the product then 404). */
export const productAdminUpdateSchema = productCreateSchema
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { error: "must change at least one field", path: ["body"] });
export type ProductUpdateInput = z.output<typeof productAdminUpdateSchema>;

const SLUG_TAKEN = () => new DomainError("invalid_request", "This slug is taken", { slug: ["is already used by another product"] });

const DEFAULT_IMAGE = "/products/canvas-tote-bag.svg";

function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "product"
  );
}

/** Create a product (shown on the catalog at once). A taken slug gets a short suffix, unless it was asked for. */
export async function createProduct(input: ProductCreateInput): Promise<Product> {
  const base = input.slug ?? slugify(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    try {
      const [row] = await db()
        .insert(products)
        .values({
          slug,
          name: input.name,
          description: input.description ?? "",
          unitAmount: input.unit_amount,
          currency: input.currency ?? env().STORE_CURRENCY,
          image: input.image ?? DEFAULT_IMAGE,
          requiresShipping: input.requires_shipping ?? true,
        })
        .returning();
      invalidateCatalog();
      return row;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (input.slug) throw SLUG_TAKEN();
    }
  }
  throw new DomainError("invalid_request", "Could not find a free slug", { name: ["gives a slug that is taken; send a slug"] });
}

/** Change a product's fields (or retire it with `active: false`); not_found for an unknown id. */
export async function updateProduct(id: string, input: ProductUpdateInput): Promise<Product> {
  if (!z.uuid().safeParse(id).success) throw new DomainError("not_found", "No such product");
  const [row] = await db()
    .update(products)
    .set({
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.unit_amount !== undefined ? { unitAmount: input.unit_amount } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.image !== undefined ? { image: input.image } : {}),
      ...(input.requires_shipping !== undefined ? { requiresShipping: input.requires_shipping } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    })
    .where(eq(products.id, id))
    .returning()
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? SLUG_TAKEN() : err;
    });
  if (!row) throw new DomainError("not_found", "No such product");
  invalidateCatalog();
  return row;
}

/** Any product by id, active or archived (the admin area; read fresh, not from the catalog cache). */
export async function getProductById(id: string): Promise<Product | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db().select().from(products).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

export const PRODUCTS_PAGE_MAX = 100;

/**
 * Every product for the admin area, by name (keyset on (name, id): the cursor is the last row's
 * id), active, archived or both; `q` matches part of the name or slug.
 */
export async function listAllProducts(filter: { status?: "active" | "archived" | "all"; q?: string; cursor?: string; limit?: number } = {}): Promise<{ products: Product[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), PRODUCTS_PAGE_MAX);
  const where: SQL[] = [];
  if (filter.status === "active") where.push(eq(products.active, true));
  if (filter.status === "archived") where.push(eq(products.active, false));
  if (filter.q) {
    const pattern = `%${likeLiteral(filter.q)}%`;
    where.push(or(ilike(products.name, pattern), ilike(products.slug, pattern))!);
  }
  if (filter.cursor) {
    if (!z.uuid().safeParse(filter.cursor).success) throw new DomainError("invalid_request", "Invalid cursor", { cursor: ["is not a cursor this list gave"] });
    where.push(sql`(${products.name}, ${products.id}) > (select p.name, p.id from products p where p.id = ${filter.cursor})`);
  }
  const rows = await db()
    .select()
    .from(products)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(products.name), asc(products.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { products: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** Seed 004's POST /v1/product body (grpc-gateway, camelCase): the price as `price` or `unitAmount`, a number or proto3's int64 string. */
const int64 = z.union([z.number(), z.string().regex(/^-?\d{1,15}$/, { error: "must be an integer amount in minor units" }).transform(Number)]).pipe(unitAmountSchema);
export const seed004ProductSchema = z
  .object({
    name: plainText().trim().min(1).max(200),
    description: plainText().trim().max(5000).optional(),
    price: int64.optional(),
    unitAmount: int64.optional(),
    currency: currencySchema.optional(),
    image: imageSchema.optional(),
  })
  .refine((b) => b.price !== undefined || b.unitAmount !== undefined, { error: "is required (or unitAmount)", path: ["price"] })
  .transform((b): ProductCreateInput => ({ name: b.name, description: b.description, unit_amount: (b.price ?? b.unitAmount)!, currency: b.currency, image: b.image }));

/** Seed 004's product as it answers (camelCase). */
export function toSeed004Product(p: Product) {
  return { id: p.id, slug: p.slug, name: p.name, description: p.description, price: p.unitAmount, unitAmount: p.unitAmount, currency: p.currency, image: p.image, createdAt: p.createdAt.toISOString() };
}
