import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { orderEvents, orderItems, orders, type Order, type OrderItem, type OrderStatus, type ShippingAddress } from "@/db/schema";
import { returnStock, takeStock, type StockLine, type StockShortage } from "@/lib/catalog";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { uuidFromKey } from "@/lib/ids";
import { orderNumberFromReference } from "./reference";
import { canTransition, OPEN_STATUSES, SETTLED_STATUSES } from "./status";

export { canTransition, isOpen, ORDER_STATUSES, isRefundable, isSettled, OPEN_STATUSES, REFUNDABLE_STATUSES, SETTLED_STATUSES, shopperListing } from "./status";
export { orderNumberFromReference, orderReference } from "./reference";
export { flagPayment, listOpenPaymentReviews, listReviewsForOrder, type PaymentReviewInput } from "./reviews";
export type { Order, OrderItem, OrderStatus };

export type OrderWithItems = Order & { items: OrderItem[] };

export function newOrderAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

async function withItems(order: Order | undefined, database: DbExecutor = db()): Promise<OrderWithItems | null> {
  if (!order) return null;
  const items = await database.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.name));
  return { ...order, items };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getOrder(orderId: string, database: DbExecutor = db()): Promise<OrderWithItems | null> {
  if (!UUID_RE.test(orderId)) return null;
  const [order] = await database.select().from(orders).where(eq(orders.id, orderId)).limit(1);
  return withItems(order, database);
}

/** The order if it belongs to the user, otherwise null (callers answer 404, never 403). */
export async function getOrderForUser(orderId: string, userId: string): Promise<OrderWithItems | null> {
  const order = await getOrder(orderId);
  return order && order.userId === userId ? order : null;
}

/** A guest's order, reachable with the unguessable token from the confirmation link. */
export async function getOrderWithToken(orderId: string, token: string): Promise<OrderWithItems | null> {
  const order = await getOrder(orderId);
  if (!order) return null;
  const a = Buffer.from(order.accessToken);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? order : null;
}

export async function getOrderByPaymentIntent(paymentIntentId: string, database: DbExecutor = db()): Promise<OrderWithItems | null> {
  const [order] = await database.select().from(orders).where(eq(orders.paymentIntentId, paymentIntentId)).limit(1);
  return withItems(order, database);
}

/** The user's orders, newest first. */
export async function listOrdersForUser(userId: string): Promise<OrderWithItems[]> {
  const rows = await db().select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt), desc(orders.number));
  if (rows.length === 0) return [];
  const items = await db()
    .select()
    .from(orderItems)
    .where(inArray(orderItems.orderId, rows.map((o) => o.id)))
    .orderBy(asc(orderItems.name));
  return rows.map((o) => ({ ...o, items: items.filter((i) => i.orderId === o.id) }));
}

/**
 * Move an order to `to` if the state machine allows it from its current status, recording the
 * change and its reason in the order's history. Returns the updated order, or null when nothing
 * changed (the order was already there or past it: a late or duplicate event). The row is locked
 * for the check and the write, so two workers racing cannot both apply it. A repeated failure
 * only refreshes its message.
 */
export async function transitionOrder(
  orderId: string,
  to: OrderStatus,
  opts: { reason?: string; changes?: Partial<Pick<Order, "lastPaymentError" | "paidAt" | "amountRefunded">> } = {},
  database: DbExecutor = db(),
): Promise<Order | null> {
  return database.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: orders.status, stockReservation: orders.stockReservation })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!current || !canTransition(current.status, to)) return null;
    if (current.status === to && to !== "failed") return null;
    // A canceled order gives its reserved stock back, flipped in the same UPDATE under the row
    // lock, so a duplicate or late cancel never gives it back twice.
    const release = to === "canceled" && current.stockReservation === "held";
    const [row] = await tx
      .update(orders)
      .set({ status: to, ...opts.changes, ...(release ? { stockReservation: "released" as const } : {}) })
      .where(eq(orders.id, orderId))
      .returning();
    if (release) await returnStock(await orderStockLines(orderId, tx), tx);
    if (current.status !== to) {
      await tx.insert(orderEvents).values({ orderId, fromStatus: current.status, toStatus: to, reason: opts.reason ?? null });
    }
    return row;
  });
}

export async function markOrderPaid(orderId: string, reason: string, database: DbExecutor = db()): Promise<Order | null> {
  return transitionOrder(orderId, "paid", { reason, changes: { paidAt: new Date(), lastPaymentError: null } }, database);
}

/** A failed attempt: the order stays open for another card, with Stripe's message kept. */
export async function recordPaymentFailure(orderId: string, message: string): Promise<Order | null> {
  return transitionOrder(orderId, "failed", { reason: "payment attempt failed", changes: { lastPaymentError: message } });
}

/**
 * The order, its row locked until `tx` ends: lib/refunds holds it while it checks the refundable
 * balance and writes a refund, so two refund requests for one order run one after the other.
 */
export async function lockOrder(orderId: string, tx: DbExecutor): Promise<Order | null> {
  if (!UUID_RE.test(orderId)) return null;
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return order ?? null;
}

/**
 * Record the total that succeeded refunds have given back (computed by lib/refunds from its
 * rows, which mirror Stripe's refunds). Some of it moves a paid order to partially_refunded, all
 * of it to refunded. Never lowers the recorded amount, so a late event about an earlier total is
 * a no-op. Returns the order as it now is (null if it does not exist or was never paid).
 */
export async function recordRefundedTotal(orderId: string, refundedTotal: number, database: DbExecutor = db()): Promise<Order | null> {
  return database.transaction(async (tx) => {
    const [current] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!current || !SETTLED_STATUSES.includes(current.status)) return null;
    const refunded = Math.max(current.amountRefunded, Math.min(refundedTotal, current.amountTotal));
    if (refunded === current.amountRefunded && (refunded === 0 || current.status !== "paid")) return current;
    const to: OrderStatus = refunded >= current.amountTotal ? "refunded" : "partially_refunded";
    const reason = to === "refunded" ? "refunded in full" : `refunded ${refunded} of ${current.amountTotal}`;
    const moved = await transitionOrder(orderId, to, { reason, changes: { amountRefunded: refunded } }, tx);
    if (moved) return moved;
    // Already there (a second partial refund): only the amount changes.
    const [row] = await tx.update(orders).set({ amountRefunded: refunded }).where(eq(orders.id, orderId)).returning();
    return row;
  });
}

/** The order's status changes, oldest first. */
export async function orderHistory(orderId: string) {
  return db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
}

// ---------------------------------------------------------------------------------------------
// Orders made from carts (checkout). Callers pass the transaction that holds the cart's lock.
// ---------------------------------------------------------------------------------------------

/** One order per cart version; its id derives from them, so a retried checkout names the same order. */
export function orderIdForCartVersion(cartId: string, version: string): string {
  return uuidFromKey(`order:${cartId}:${version}`);
}

export async function findOrderForCartVersion(cartId: string, version: string, database: DbExecutor = db()): Promise<OrderWithItems | null> {
  const [order] = await database
    .select()
    .from(orders)
    .where(and(eq(orders.cartId, cartId), eq(orders.cartVersion, version)))
    .limit(1);
  return withItems(order, database);
}

export type NewCartOrder = {
  cartId: string;
  cartVersion: string;
  userId: string | null;
  email: string | null;
  currency: string;
  amountTotal: number;
  /** The total's parts (lib/shipping computeTotals) and where and how the order ships. */
  amountSubtotal: number;
  amountShipping: number;
  amountTax: number;
  taxInclusive: boolean;
  shippingAddress: ShippingAddress | null;
  shippingRateId: string | null;
  shippingRateName: string | null;
  source: string;
  items: { productId: string; name: string; unitAmount: number; quantity: number }[];
};

/** A pending order with snapshots of its items, priced by the caller (lib/checkout). */
export async function createCartOrder(input: NewCartOrder, database: DbExecutor): Promise<OrderWithItems> {
  const { items, ...order } = input;
  const [created] = await database
    .insert(orders)
    .values({ ...order, id: orderIdForCartVersion(input.cartId, input.cartVersion), accessToken: newOrderAccessToken() })
    .returning();
  const rows = await database
    .insert(orderItems)
    .values(items.map((i) => ({ ...i, orderId: created.id })))
    .returning();
  return { ...created, items: rows };
}

async function orderStockLines(orderId: string, database: DbExecutor): Promise<StockLine[]> {
  return database.select({ productId: orderItems.productId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, orderId));
}

/**
 * Reserve the new order's tracked stock in the caller's transaction (the one that created it).
 * Returns the lines there is not enough of: the caller must then roll back (nothing reserved,
 * no order). Untracked products are never reserved; an order with none holds no reservation.
 */
export async function reserveOrderStock(order: Pick<OrderWithItems, "id" | "items">, database: DbExecutor): Promise<StockShortage[]> {
  const { taken, short } = await takeStock(order.items, database);
  if (short.length === 0 && taken > 0) await database.update(orders).set({ stockReservation: "held" }).where(eq(orders.id, order.id));
  return short;
}

/**
 * Units of these products that the cart's open orders hold (their reservations), read in the
 * caller's transaction: lib/cart counts the cart's own hold as available to it.
 */
export async function heldStockOfCart(cartId: string, productIds: string[], database: DbExecutor): Promise<Map<string, number>> {
  const rows = await database
    .select({ productId: orderItems.productId, quantity: sql<number>`sum(${orderItems.quantity})`.mapWith(Number) })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.cartId, cartId), eq(orders.stockReservation, "held"), inArray(orders.status, [...OPEN_STATUSES]), inArray(orderItems.productId, productIds)))
    .groupBy(orderItems.productId);
  return new Map(rows.map((r) => [r.productId!, r.quantity]));
}

/**
 * Unpaid orders still holding reserved stock that have not changed since `before` (oldest
 * first): the stock-hold job (lib/checkout releaseExpiredStockHolds) gives their stock back.
 */
export async function staleStockHolds(before: Date, limit: number, database: DbExecutor = db()): Promise<Pick<Order, "id" | "cartId">[]> {
  return database
    .select({ id: orders.id, cartId: orders.cartId })
    .from(orders)
    .where(and(eq(orders.stockReservation, "held"), inArray(orders.status, [...OPEN_STATUSES]), lt(orders.updatedAt, before)))
    .orderBy(asc(orders.updatedAt))
    .limit(limit);
}

/**
 * A paid order whose reservation was released (a late success after it was canceled) takes its
 * stock again, as much as is on hand; the payment stands either way. Returns the lines that were
 * short (the caller flags them for an operator). Runs once: the flag moves back to "held".
 */
export async function retakeReleasedStock(orderId: string, database: DbExecutor): Promise<StockShortage[]> {
  return database.transaction(async (tx) => {
    const [current] = await tx.select({ status: orders.status, stockReservation: orders.stockReservation }).from(orders).where(eq(orders.id, orderId)).for("update");
    if (!current || !SETTLED_STATUSES.includes(current.status) || current.stockReservation !== "released") return [];
    const { short } = await takeStock(await orderStockLines(orderId, tx), tx);
    await tx.update(orders).set({ stockReservation: "held" }).where(eq(orders.id, orderId));
    return short;
  });
}

/** Record the PaymentIntent and who pays, once known (never changes a PaymentIntent already set). */
export async function setOrderPayment(
  orderId: string,
  changes: { paymentIntentId?: string; email?: string | null; userId?: string | null },
  database: DbExecutor = db(),
): Promise<void> {
  const { paymentIntentId, email, userId } = changes;
  if (paymentIntentId) {
    await database.update(orders).set({ paymentIntentId }).where(and(eq(orders.id, orderId), isNull(orders.paymentIntentId)));
  }
  if (email) await database.update(orders).set({ email }).where(eq(orders.id, orderId));
  if (userId) await database.update(orders).set({ userId }).where(and(eq(orders.id, orderId), isNull(orders.userId)));
}

/** The cart's other orders that can still be paid (earlier versions, for retirement). */
export async function openOrdersOfCart(cartId: string, exceptOrderId: string, database: DbExecutor = db()): Promise<Order[]> {
  return database
    .select()
    .from(orders)
    .where(and(eq(orders.cartId, cartId), ne(orders.id, exceptOrderId), inArray(orders.status, [...OPEN_STATUSES])));
}

/**
 * The cart's other orders that were paid while `order` was open: a second payment for what the
 * shopper meant to buy once (an earlier version paid late, or two tabs). An order paid before
 * this one was created is an earlier purchase from the same cart, not a duplicate.
 */
export async function overlappingPaidOrdersOfCart(order: Pick<Order, "id" | "cartId" | "createdAt">, database: DbExecutor = db()): Promise<Order[]> {
  if (!order.cartId) return [];
  return database
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.cartId, order.cartId),
        ne(orders.id, order.id),
        inArray(orders.status, [...SETTLED_STATUSES]),
        gt(orders.paidAt, order.createdAt),
      ),
    );
}

/** Which of these PaymentIntents already paid an order (the reconciliation job skips them). */
export async function settledPaymentIntentIds(paymentIntentIds: string[]): Promise<Set<string>> {
  if (paymentIntentIds.length === 0) return new Set();
  const rows = await db()
    .select({ id: orders.paymentIntentId })
    .from(orders)
    .where(and(inArray(orders.paymentIntentId, paymentIntentIds), inArray(orders.status, [...SETTLED_STATUSES])));
  return new Set(rows.map((r) => r.id!));
}

/** A paid order of the cart, if any (an API retry that already paid charges nothing). */
export async function settledOrderOfCart(cartId: string): Promise<OrderWithItems | null> {
  const [row] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.cartId, cartId), inArray(orders.status, [...SETTLED_STATUSES])))
    .limit(1);
  return withItems(row);
}

/** Where a shopper reads their order: the account page, or for guests the token link. */
/**
 * "Create an account to track this order": a guest's order joins the account just made for it.
 * The order's access token (from the confirmation page or the receipt) proves the order is the
 * shopper's; an order that already has an owner keeps it. Returns whether it was claimed.
 */
export async function claimGuestOrder(claim: { orderId: string; token: string }, userId: string): Promise<boolean> {
  const order = await getOrderWithToken(claim.orderId, claim.token);
  if (!order || order.userId) return false;
  const rows = await db()
    .update(orders)
    .set({ userId })
    .where(and(eq(orders.id, order.id), isNull(orders.userId)))
    .returning({ id: orders.id });
  return rows.length === 1;
}

/** The signup link offered to a guest on their order: the account made there claims the order. */
export function claimSignupPath(order: Pick<Order, "id" | "accessToken">): string {
  const params = new URLSearchParams({ claim: `${order.id}.${order.accessToken}`, callbackUrl: `/orders/${order.id}` });
  return `/signup?${params}`;
}

/** Reads the `claim` a signup form carries (`<order id>.<token>`); anything else is no claim. */
export function parseOrderClaim(raw: string | null | undefined): { orderId: string; token: string } | null {
  if (!raw) return null;
  const dot = raw.indexOf(".");
  const orderId = raw.slice(0, dot);
  const token = raw.slice(dot + 1);
  return dot > 0 && UUID_RE.test(orderId) && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? { orderId, token } : null;
}

export function orderPath(order: Pick<Order, "id" | "userId" | "accessToken">): string {
  return order.userId ? `/orders/${order.id}` : `/checkout/complete?order=${order.id}&token=${encodeURIComponent(order.accessToken)}`;
}

export type OrderDto = {
  id: string;
  number: number;
  status: OrderStatus;
  currency: string;
  amount_total: number;
  amount_refunded: number;
  payment_intent: string | null;
  email: string | null;
  last_payment_error: string | null;
  created_at: string;
  paid_at: string | null;
  items: { product_id: string | null; name: string; unit_amount: number; quantity: number; amount: number }[];
};

export function toOrderDto(order: OrderWithItems): OrderDto {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    currency: order.currency,
    amount_total: order.amountTotal,
    amount_refunded: order.amountRefunded,
    payment_intent: order.paymentIntentId,
    email: order.email,
    last_payment_error: order.lastPaymentError,
    created_at: order.createdAt.toISOString(),
    paid_at: order.paidAt?.toISOString() ?? null,
    items: order.items.map((i) => ({
      product_id: i.productId,
      name: i.name,
      unit_amount: i.unitAmount,
      quantity: i.quantity,
      amount: i.unitAmount * i.quantity,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The admin's order list (keyset pages by order number, newest first).
// ---------------------------------------------------------------------------------------------

export type AdminOrderFilter = {
  status?: OrderStatus;
  /** Part of the customer's email, case-insensitive. */
  email?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  /** By date (order number, i.e. when placed) or by total; ties on the total broken by number. Newest / largest first by default. */
  sort?: "date" | "total";
  dir?: "asc" | "desc";
  /** The previous page's next cursor: its last order's "<number>" (by date) or "<total>.<number>" (by total). */
  cursor?: string;
  limit?: number;
};

export const ADMIN_ORDERS_PAGE_MAX = 200;

const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of orders matching the filter, sorted (keyset on number, or on (total, number)); `nextCursor` is null on the last page. */
export async function listOrdersForAdmin(filter: AdminOrderFilter = {}): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), ADMIN_ORDERS_PAGE_MAX);
  const byTotal = filter.sort === "total";
  const ascending = filter.dir === "asc";
  const where: SQL[] = [];
  if (filter.status) where.push(eq(orders.status, filter.status));
  if (filter.email) {
    // The search box takes an order reference too ("CL-7K3Q9MX", as the shopper reads it out).
    const number = /^\s*CL-/i.test(filter.email) ? orderNumberFromReference(filter.email) : null;
    where.push(number !== null ? eq(orders.number, number) : sql`lower(${orders.email}) like ${`%${likeLiteral(filter.email.toLowerCase())}%`}`);
  }
  if (filter.from) where.push(gte(orders.createdAt, filter.from));
  if (filter.to) where.push(lt(orders.createdAt, filter.to));
  if (filter.cursor !== undefined) {
    const m = (byTotal ? /^(\d{1,9})\.([1-9]\d{0,15})$/ : /^([1-9]\d{0,15})$/).exec(filter.cursor);
    if (!m) throw new DomainError("invalid_request", "Invalid cursor", { cursor: ["must be the next_cursor of a previous page"] });
    const cmp = sql.raw(ascending ? ">" : "<");
    where.push(byTotal ? sql`(${orders.amountTotal}, ${orders.number}) ${cmp} (${Number(m[1])}, ${Number(m[2])})` : sql`${orders.number} ${cmp} ${Number(m[1])}`);
  }
  const dir = ascending ? asc : desc;
  const rows = await db()
    .select()
    .from(orders)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...(byTotal ? [dir(orders.amountTotal), dir(orders.number)] : [dir(orders.number)]))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { orders: page, nextCursor: rows.length > limit ? (byTotal ? `${last.amountTotal}.${last.number}` : String(last.number)) : null };
}

/** Every order matching the filter, a page at a time (the CSV export streams these). */
export async function* allOrdersForAdmin(filter: Omit<AdminOrderFilter, "cursor" | "limit">): AsyncGenerator<Order> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listOrdersForAdmin({ ...filter, cursor, limit: ADMIN_ORDERS_PAGE_MAX });
    yield* page.orders;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
  }
}
