import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { orderItems, orders, type Order, type OrderItem, type OrderStatus } from "@/db/schema";
import { db } from "@/lib/db";
import { statusesAllowingTransitionTo } from "./status";

export { canTransition } from "./status";
export type { Order, OrderItem, OrderStatus };

export type OrderWithItems = Order & { items: OrderItem[] };

export function newOrderAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

async function withItems(order: Order | undefined): Promise<OrderWithItems | null> {
  if (!order) return null;
  const items = await db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.name));
  return { ...order, items };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getOrder(orderId: string): Promise<OrderWithItems | null> {
  if (!UUID_RE.test(orderId)) return null;
  const [order] = await db().select().from(orders).where(eq(orders.id, orderId)).limit(1);
  return withItems(order);
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

export async function getOrderByPaymentIntent(paymentIntentId: string): Promise<OrderWithItems | null> {
  const [order] = await db().select().from(orders).where(eq(orders.paymentIntentId, paymentIntentId)).limit(1);
  return withItems(order);
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
 * Move an order to `to` if the state machine allows it from its current status. Returns the
 * updated order, or null when the order was already past that point (a late or duplicate event).
 * The check and the write are one UPDATE, so two workers racing cannot both apply it.
 */
export async function transitionOrder(
  orderId: string,
  to: OrderStatus,
  changes: Partial<Pick<Order, "lastPaymentError" | "paidAt" | "amountRefunded" | "paymentIntentId">> = {},
  database: DbExecutor = db(),
): Promise<Order | null> {
  // A repeated failure may refresh its message; every other repeat is a no-op.
  const from = to === "failed" ? [...statusesAllowingTransitionTo(to), "failed" as const] : statusesAllowingTransitionTo(to);
  const [row] = await database
    .update(orders)
    .set({ status: to, ...changes })
    .where(and(eq(orders.id, orderId), inArray(orders.status, from)))
    .returning();
  return row ?? null;
}

export async function markOrderPaid(orderId: string, database: DbExecutor = db()): Promise<Order | null> {
  return transitionOrder(orderId, "paid", { paidAt: new Date(), lastPaymentError: null }, database);
}

/** A failed attempt: the order stays open for another card, with Stripe's message kept. */
export async function recordPaymentFailure(orderId: string, message: string): Promise<Order | null> {
  return transitionOrder(orderId, "failed", { lastPaymentError: message });
}

/**
 * Record a refund total from Stripe (charge.amount_refunded, cumulative). Partial refunds keep the
 * order paid; a full refund moves it to refunded. Never lowers the recorded amount.
 */
export async function recordRefund(orderId: string, amountRefunded: number): Promise<Order | null> {
  const [row] = await db()
    .update(orders)
    .set({
      amountRefunded: sql`greatest(${orders.amountRefunded}, least(${amountRefunded}, ${orders.amountTotal}))`,
      status: sql`case when least(${amountRefunded}, ${orders.amountTotal}) >= ${orders.amountTotal} then 'refunded' else ${orders.status} end`,
    })
    .where(and(eq(orders.id, orderId), inArray(orders.status, ["paid", "refunded"])))
    .returning();
  return row ?? null;
}

/** Where a shopper reads their order: the account page, or for guests the token link. */
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
