import { and, eq, ne } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { isUniqueViolation } from "@/db/errors";
import { orderItems, orders, type Order } from "@/db/schema";
import { ApiError } from "@/lib/api/responses";
import { getCartView } from "@/lib/cart";
import { db } from "@/lib/db";
import { getOrder, newOrderAccessToken } from "@/lib/orders";
import { logFor } from "@/lib/log";
import { getStripe } from "@/lib/stripe/server";

import { applyPaymentIntent } from "./fulfil";

export { applyPaymentIntent };

export const checkoutEmailSchema = z.email({ error: "must be a valid email address" }).max(254);

export type CheckoutSession = {
  orderId: string;
  orderNumber: number;
  accessToken: string;
  paymentIntentId: string;
  clientSecret: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  currency: string;
};

/** Idempotency key for the cart's PaymentIntent: one intent per cart version, ever. */
export function checkoutIdempotencyKey(cartId: string, version: string): string {
  return `cashline-checkout-${cartId}-${version}`;
}

/** The pending order for this cart version, created with item snapshots if missing. */
async function orderForCartVersion(
  cartId: string,
  opts: { userId: string | null; email: string | null; source: string },
): Promise<{ order: Order; version: string }> {
  const cart = await getCartView(cartId);
  if (cart.lines.length === 0) throw new ApiError(400, "cart_empty", "Your cart is empty.", { cart: ["has no items"] });
  const existing = async () =>
    (await db().select().from(orders).where(and(eq(orders.cartId, cartId), eq(orders.cartVersion, cart.version))).limit(1))[0];

  const found = await existing();
  if (found) return { order: found, version: cart.version };
  try {
    const order = await db().transaction(async (tx) => {
      const [created] = await tx
        .insert(orders)
        .values({
          userId: opts.userId,
          email: opts.email,
          currency: cart.currency,
          amountTotal: cart.subtotal,
          cartId,
          cartVersion: cart.version,
          accessToken: newOrderAccessToken(),
          source: opts.source,
        })
        .returning();
      await tx.insert(orderItems).values(
        cart.lines.map((l) => ({ orderId: created.id, productId: l.productId, name: l.name, unitAmount: l.unitAmount, quantity: l.quantity })),
      );
      return created;
    });
    return { order, version: cart.version };
  } catch (err) {
    // A second tab or a double click created it a moment ago: use that one.
    if (isUniqueViolation(err)) {
      const raced = await existing();
      if (raced) return { order: raced, version: cart.version };
    }
    throw err;
  }
}

/** Cancel intents left behind by earlier versions of this cart (best effort: never blocks checkout). */
async function retireEarlierOrders(cartId: string, currentOrderId: string): Promise<void> {
  const stale = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.cartId, cartId), ne(orders.id, currentOrderId), eq(orders.status, "pending")));
  for (const order of stale) {
    try {
      if (order.paymentIntentId) {
        const pi = await getStripe().paymentIntents.retrieve(order.paymentIntentId);
        if (pi.status === "succeeded" || pi.status === "processing") continue;
        if (pi.status !== "canceled") await getStripe().paymentIntents.cancel(pi.id, {}, { idempotencyKey: `cashline-retire-${pi.id}` });
      }
      await db().update(orders).set({ status: "canceled" }).where(and(eq(orders.id, order.id), eq(orders.status, "pending")));
    } catch (err) {
      logFor("checkout").warn({ err, orderId: order.id }, "could not retire order");
    }
  }
}

/**
 * Start (or resume) paying for a cart: the server prices the cart, keeps one pending order per
 * cart version, and creates its PaymentIntent with an idempotency key derived from the cart id
 * and version, so reloads, second tabs and double clicks all get the same intent.
 */
export async function startCheckout(input: {
  cartId: string;
  userId?: string | null;
  email?: string | null;
  source?: string;
}): Promise<CheckoutSession> {
  const email = input.email ? checkoutEmailSchema.parse(input.email.trim().toLowerCase()) : null;
  const { order, version } = await orderForCartVersion(input.cartId, {
    userId: input.userId ?? null,
    email,
    source: input.source ?? "web",
  });
  if (order.status !== "pending" && order.status !== "failed") {
    throw new ApiError(409, "order_closed", `This cart was already checked out (order #${order.number} is ${order.status}).`);
  }

  const stripe = getStripe();
  const pi = await stripe.paymentIntents.create(
    {
      amount: order.amountTotal,
      currency: order.currency,
      automatic_payment_methods: { enabled: true },
      metadata: { order_id: order.id, order_number: String(order.number), cart_id: input.cartId, cart_version: version },
      description: `Order #${order.number}`,
    },
    { idempotencyKey: checkoutIdempotencyKey(input.cartId, version) },
  );

  const changes: Partial<Order> = {};
  if (order.paymentIntentId !== pi.id) changes.paymentIntentId = pi.id;
  if (email && email !== order.email) changes.email = email;
  if (input.userId && !order.userId) changes.userId = input.userId;
  if (Object.keys(changes).length) await db().update(orders).set(changes).where(eq(orders.id, order.id));
  const receiptEmail = changes.email ?? order.email;
  if (receiptEmail && pi.receipt_email !== receiptEmail && pi.status !== "succeeded" && pi.status !== "canceled") {
    await stripe.paymentIntents.update(pi.id, { receipt_email: receiptEmail });
  }

  await retireEarlierOrders(input.cartId, order.id);
  return {
    orderId: order.id,
    orderNumber: order.number,
    accessToken: order.accessToken,
    paymentIntentId: pi.id,
    clientSecret: pi.client_secret!,
    status: pi.status,
    amount: pi.amount,
    currency: pi.currency,
  };
}

/**
 * The confirmation page's check: the PaymentIntent is read from Stripe on the server (the URL is
 * never trusted), and the caller must hold its client secret or own the order.
 */
export async function confirmCheckoutReturn(input: {
  paymentIntentId: string;
  clientSecret?: string | null;
  userId?: string | null;
}) {
  if (!/^pi_[A-Za-z0-9_]+$/.test(input.paymentIntentId)) return null;
  let pi: Stripe.PaymentIntent;
  try {
    pi = await getStripe().paymentIntents.retrieve(input.paymentIntentId);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
  // Authorise before anything is written: the client secret, or the signed-in owner.
  const holdsSecret = !!input.clientSecret && input.clientSecret === pi.client_secret;
  if (!holdsSecret) {
    const owner = pi.metadata?.order_id ? await getOrder(pi.metadata.order_id) : null;
    if (!input.userId || owner?.userId !== input.userId) return null;
  }
  const order = await applyPaymentIntent(pi);
  if (!order) return null;
  return { order, paymentIntent: pi };
}
