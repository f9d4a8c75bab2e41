import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbExecutor } from "@/db/client";
import { cartItems, carts, MAX_LINE_QUANTITY, products, type Cart, type ShippingAddress } from "@/db/schema";
import { activeProductIds, stockOf } from "@/lib/catalog";
import { DomainError } from "@/lib/errors";
import { heldStockOfCart } from "@/lib/orders";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { uuidFromKey } from "@/lib/ids";
import { sumLines } from "@/lib/money";

export { MAX_LINE_QUANTITY };

export type CartLine = {
  productId: string;
  slug: string;
  name: string;
  image: string;
  unitAmount: number;
  currency: string;
  quantity: number;
  lineTotal: number;
  requiresShipping: boolean;
};

/** Where and how the cart ships, as the shopper last chose (lib/shipping prices it). */
export type CartShipping = { address: ShippingAddress | null; rateId: string | null };

export type CartView = {
  id: string;
  version: string;
  currency: string;
  lines: CartLine[];
  itemCount: number;
  subtotal: number;
  shipping: CartShipping;
};

/** Quantities: positive integers up to MAX_LINE_QUANTITY. */
export const quantitySchema = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

export const productIdSchema = z.uuid({ error: "is not a known product id" });

function newVersion(): string {
  return randomBytes(9).toString("base64url");
}

export async function createCart(userId?: string): Promise<Cart> {
  const [cart] = await db()
    .insert(carts)
    .values({ userId: userId ?? null, version: newVersion() })
    .returning();
  return cart;
}

export async function findCart(cartId: string, database: DbExecutor = db()): Promise<Cart | null> {
  if (!productIdSchema.safeParse(cartId).success) return null;
  const [cart] = await database.select().from(carts).where(eq(carts.id, cartId)).limit(1);
  return cart ?? null;
}

/**
 * The cart named by a key (an API client's idempotency key): created once, found again on a retry.
 * Such a cart belongs to no one's session; it serves the one request that named it.
 */
export async function keyedCart(key: string): Promise<string> {
  const id = uuidFromKey(key);
  const [existing] = await db().select({ id: carts.id }).from(carts).where(eq(carts.id, id)).limit(1);
  if (!existing) await db().insert(carts).values({ id, version: "new" }).onConflictDoNothing();
  return id;
}

/** The user's cart, created on first use (one per user, enforced by a unique index). */
export async function getOrCreateUserCart(userId: string): Promise<Cart> {
  const [existing] = await db().select().from(carts).where(eq(carts.userId, userId)).limit(1);
  if (existing) return existing;
  const [created] = await db()
    .insert(carts)
    .values({ userId, version: newVersion() })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [raced] = await db().select().from(carts).where(eq(carts.userId, userId)).limit(1);
  return raced;
}

/** The cart with current catalog prices. Lines whose product was deactivated are left out. */
export async function getCartView(cartId: string, database: DbExecutor = db()): Promise<CartView> {
  const view = await findCartView(cartId, database);
  if (!view) throw new DomainError("cart_not_found", "Cart not found");
  return view;
}

/**
 * The cart, priced, or null if there is no such cart: one query (the cart row joined to its lines
 * of active products), as every page and the cart API read it on each request.
 */
export async function findCartView(cartId: string, database: DbExecutor = db()): Promise<CartView | null> {
  if (!productIdSchema.safeParse(cartId).success) return null;
  const rows = await database
    .select({
      cart: { id: carts.id, version: carts.version, shippingAddress: carts.shippingAddress, shippingRateId: carts.shippingRateId },
      item: { quantity: cartItems.quantity },
      product: {
        productId: products.id,
        slug: products.slug,
        name: products.name,
        image: products.image,
        unitAmount: products.unitAmount,
        currency: products.currency,
        requiresShipping: products.requiresShipping,
      },
    })
    .from(carts)
    .leftJoin(cartItems, eq(cartItems.cartId, carts.id))
    .leftJoin(products, and(eq(products.id, cartItems.productId), eq(products.active, true)))
    .where(eq(carts.id, cartId))
    .orderBy(asc(cartItems.addedAt), asc(products.name));
  if (rows.length === 0) return null;
  const { cart } = rows[0];
  const lines: CartLine[] = rows.flatMap(({ item, product }) => (item && product ? [{ ...product, quantity: item.quantity, lineTotal: product.unitAmount * item.quantity }] : []));
  return {
    id: cart.id,
    version: cart.version,
    currency: lines[0]?.currency ?? env().STORE_CURRENCY,
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: sumLines(lines),
    shipping: { address: cart.shippingAddress ?? null, rateId: cart.shippingRateId ?? null },
  };
}

const ADDRESS_FIELDS = ["name", "line1", "line2", "city", "state", "postal_code", "country"] as const;

/** Field by field: jsonb keeps its own key order, so the stored address never stringifies alike. */
function sameShipping(a: CartShipping, b: CartShipping): boolean {
  if (a.rateId !== b.rateId) return false;
  if (!a.address || !b.address) return a.address === b.address;
  return ADDRESS_FIELDS.every((k) => (a.address![k] ?? null) === (b.address![k] ?? null));
}

/**
 * Keep a shipping choice on a cart the caller holds locked (withCartLock), as `cart` is under that
 * lock: a different choice gets a new version (so its next checkout opens a new order); the new
 * version, or null when the choice is the one the cart has.
 */
export async function setLockedCartShipping(cart: Pick<CartView, "id" | "shipping">, selection: CartShipping, tx: DbExecutor): Promise<string | null> {
  if (sameShipping(cart.shipping, selection)) return null;
  const version = newVersion();
  await tx.update(carts).set({ shippingAddress: selection.address, shippingRateId: selection.rateId, version }).where(eq(carts.id, cart.id));
  return version;
}

/**
 * Run `fn` holding the cart's row lock, with the cart as it is under that lock. Every change to
 * the cart's contents takes the same lock, so while `fn` runs the cart cannot change: checkout
 * uses this to work on exactly one version at a time, on every app instance. `fn` must use the
 * transaction it is given for every query (a second connection would wait on this one).
 */
export async function withCartLock<T>(cartId: string, fn: (cart: CartView, tx: DbExecutor) => Promise<T>): Promise<T> {
  return db().transaction(async (tx) => {
    if (!(await lockCartRow(cartId, tx))) throw new DomainError("cart_not_found", "Cart not found");
    return fn(await getCartView(cartId, tx), tx);
  });
}

/**
 * Give the cart (locked by the caller, e.g. in withCartLock) a new version, its contents
 * unchanged, when it is still at `version`: its next checkout then opens a new order, as after a
 * change. lib/checkout does this when it closes a checkout whose stock hold expired.
 */
export async function renewCartVersion(cartId: string, version: string, tx: DbExecutor): Promise<void> {
  await tx.update(carts).set({ version: newVersion() }).where(and(eq(carts.id, cartId), eq(carts.version, version)));
}

/** Take the cart's row lock inside the caller's transaction; false when there is no such cart. */
export async function lockCartRow(cartId: string, tx: DbExecutor): Promise<boolean> {
  if (!productIdSchema.safeParse(cartId).success) return false;
  const [locked] = await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for("update");
  return !!locked;
}

/** Refuse ids that are not active products, naming the field. */
async function assertActiveProducts(productIds: string[], field: (id: string) => string): Promise<void> {
  if (productIds.length === 0) return;
  const known = await activeProductIds(productIds);
  const fields: Record<string, string[]> = {};
  for (const id of productIds) if (!known.has(id)) fields[field(id)] = ["is not a product in the catalog"];
  if (Object.keys(fields).length) throw new DomainError("unknown_product", "Unknown or unavailable product", fields);
}

type Contents = Map<string, number>;

async function readContents(cartId: string): Promise<Contents> {
  const rows = await db().select().from(cartItems).where(eq(cartItems.cartId, cartId));
  return new Map(rows.map((r) => [r.productId, r.quantity]));
}

function sameContents(a: Contents, b: Contents): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * Refuse a change that raises a line above its product's stock, naming `field(id)`. Lowering a
 * line (or leaving it) is always allowed, so a shopper whose line is above a stock that fell can
 * still step it down. Stock is only read here: checkout reserves it (lib/orders reserveOrderStock).
 */
async function assertInStock(cartId: string, current: Contents, next: Contents, field: (id: string) => string, tx: DbExecutor): Promise<void> {
  const raised = [...next].filter(([id, q]) => q > (current.get(id) ?? 0)).map(([id]) => id);
  const stock = await stockOf(raised, tx);
  // What this cart's own checkout holds is still the cart's: its next checkout gives it back first.
  const held = raised.length ? await heldStockOfCart(cartId, raised, tx) : new Map<string, number>();
  const fields: Record<string, string[]> = {};
  let message = "";
  for (const id of raised) {
    const row = stock.get(id);
    if (!row || row.stock === null) continue;
    const left = row.stock + (held.get(id) ?? 0);
    if (next.get(id)! <= left) continue;
    fields[field(id)] = [left === 0 ? "is more than we have: this product is out of stock" : `is more than we have: only ${left} left`];
    message ||= left === 0 ? `Sorry, ${row.name} is out of stock.` : `Sorry, only ${left} of ${row.name} left.`;
  }
  if (Object.keys(fields).length) throw new DomainError("out_of_stock", message, fields);
}

/**
 * Replace the cart's contents with `next` in one transaction. The version changes only when the
 * contents really changed, so a retried or repeated request leaves it alone. With `stockField`,
 * a line raised above its product's stock is refused under that field's name.
 */
async function writeContents(cartId: string, compute: (current: Contents) => Contents, stockField: ((id: string) => string) | null): Promise<void> {
  await db().transaction(async (tx) => {
    // Lock the cart row so concurrent changes to one cart apply one after the other.
    const [cart] = await tx.select().from(carts).where(eq(carts.id, cartId)).for("update");
    if (!cart) throw new DomainError("cart_not_found", "Cart not found");
    const rows = await tx.select().from(cartItems).where(eq(cartItems.cartId, cartId));
    const current: Contents = new Map(rows.map((r) => [r.productId, r.quantity]));
    const next = compute(current);
    if (sameContents(current, next)) return;
    if (stockField) await assertInStock(cartId, current, next, stockField, tx);
    await tx.delete(cartItems).where(eq(cartItems.cartId, cartId));
    if (next.size > 0) {
      const addedAt = new Map(rows.map((r) => [r.productId, r.addedAt]));
      await tx.insert(cartItems).values(
        [...next].map(([productId, quantity]) => ({ cartId, productId, quantity, addedAt: addedAt.get(productId) ?? new Date() })),
      );
    }
    await tx.update(carts).set({ version: newVersion() }).where(eq(carts.id, cartId));
  });
}

/** Add `quantity` of a product (capped at the line maximum). */
export async function addToCart(cartId: string, productId: string, quantity = 1): Promise<void> {
  productIdSchema.parse(productId);
  quantitySchema.parse(quantity);
  await assertActiveProducts([productId], () => "product_id");
  await writeContents(cartId, (current) => {
    const next = new Map(current);
    next.set(productId, Math.min(MAX_LINE_QUANTITY, (current.get(productId) ?? 0) + quantity));
    return next;
  }, () => "quantity");
}

/** Set a line's quantity; 0 removes it. */
export async function setCartQuantity(cartId: string, productId: string, quantity: number): Promise<void> {
  productIdSchema.parse(productId);
  if (quantity !== 0) quantitySchema.parse(quantity);
  if (quantity > 0) await assertActiveProducts([productId], () => "product_id");
  await writeContents(cartId, (current) => {
    const next = new Map(current);
    if (quantity === 0) next.delete(productId);
    else next.set(productId, quantity);
    return next;
  }, () => "quantity");
}

export async function clearCart(cartId: string): Promise<void> {
  await writeContents(cartId, () => new Map(), null);
}

/**
 * Empty the cart only if it still holds what was paid for (its version is unchanged), so items
 * added in another tab after paying are kept.
 */
export async function clearCartIfVersion(cartId: string, version: string, database: DbExecutor = db()): Promise<boolean> {
  return database.transaction(async (tx) => {
    const [cart] = await tx.select().from(carts).where(eq(carts.id, cartId)).for("update");
    if (!cart || cart.version !== version) return false;
    await tx.delete(cartItems).where(eq(cartItems.cartId, cartId));
    await tx.update(carts).set({ version: newVersion() }).where(eq(carts.id, cartId));
    return true;
  });
}

/** Replace all lines at once (seed 003's POST /cart). Quantity 0 drops a line. */
export async function replaceCart(cartId: string, items: Record<string, number>): Promise<void> {
  const ids = Object.keys(items).filter((id) => items[id] > 0);
  await assertActiveProducts(ids, (id) => `items.${id}`);
  await writeContents(cartId, () => new Map(ids.map((id) => [id, items[id]])), (id) => `items.${id}`);
}

/** Move a guest cart's lines into another cart (at login), adding quantities; the guest cart is deleted. */
export async function mergeCarts(fromCartId: string, intoCartId: string): Promise<void> {
  if (fromCartId === intoCartId) return;
  const from = await readContents(fromCartId);
  if (from.size > 0) {
    await writeContents(intoCartId, (current) => {
      const next = new Map(current);
      for (const [id, q] of from) next.set(id, Math.min(MAX_LINE_QUANTITY, (next.get(id) ?? 0) + q));
      return next;
    }, null); // not checked against stock: signing in must not fail over it (checkout's reservation decides)
  }
  await db().delete(carts).where(eq(carts.id, fromCartId));
}

export type CartDto = {
  id: string;
  version: string;
  currency: string;
  items: { product_id: string; slug: string; name: string; image: string; unit_amount: number; quantity: number; amount: number }[];
  item_count: number;
  subtotal: number;
};

export function toCartDto(cart: CartView): CartDto {
  return {
    id: cart.id,
    version: cart.version,
    currency: cart.currency,
    items: cart.lines.map((l) => ({
      product_id: l.productId,
      slug: l.slug,
      name: l.name,
      image: l.image,
      unit_amount: l.unitAmount,
      quantity: l.quantity,
      amount: l.lineTotal,
    })),
    item_count: cart.itemCount,
    subtotal: cart.subtotal,
  };
}
