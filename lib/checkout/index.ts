import type Stripe from "stripe";
import { z } from "zod";
import type { DbExecutor } from "@/db/client";
import { DomainError } from "@/lib/errors";
import { getCartView, renewCartVersion, setLockedCartShipping, withCartLock } from "@/lib/cart";
import {
  createCartOrder,
  findOrderForCartVersion,
  getOrder,
  isOpen,
  lockOrder,
  openOrdersOfCart,
  orderIdForCartVersion,
  orderReference,
  reserveOrderStock,
  setOrderPayment,
  staleStockHolds,
  transitionOrder,
  type Order,
  type OrderStatus,
} from "@/lib/orders";
import type { StockShortage } from "@/lib/catalog";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { priceCart, ratesForCountry, shippingAddressSchema, shippingRateIdSchema, type PricedCart, type ShippingAddress, type ShippingSelection } from "@/lib/shipping";
import { getStripe } from "@/lib/stripe/server";

import { applyPaymentIntent } from "./fulfil";

export { applyPaymentIntent };

export const checkoutEmailSchema = z.email({ error: "must be a valid email address" }).max(254);

/** A receipt address, normalised; a bad one is the `email` field's error (not the request body's). */
function receiptEmail(raw: string): string {
  const parsed = checkoutEmailSchema.safeParse(raw.trim().toLowerCase());
  if (!parsed.success) throw new DomainError("invalid_request", "Please enter a valid email address.", { email: [parsed.error.issues[0]?.message ?? "is invalid"] });
  return parsed.data;
}

export type CheckoutSession = {
  orderId: string;
  orderNumber: number;
  accessToken: string;
  paymentIntentId: string;
  /** Handed out only while the order can still be paid; null once it is paid, processing or closed. */
  clientSecret: string | null;
  status: Stripe.PaymentIntent.Status;
  orderStatus: OrderStatus;
  amount: number;
  currency: string;
  /** The total's parts, as the order records them. */
  amounts: CheckoutAmounts;
  shippingAddress: ShippingAddress | null;
  shippingRate: { id: string; name: string } | null;
};

export type CheckoutAmounts = { subtotal: number; shipping: number; tax: number; total: number; tax_inclusive: boolean };

/** An order's amounts: orders from before shipping and tax existed are all subtotal. */
export function orderAmounts(order: Pick<Order, "amountSubtotal" | "amountShipping" | "amountTax" | "amountTotal" | "taxInclusive">): CheckoutAmounts {
  return {
    subtotal: order.amountSubtotal ?? order.amountTotal,
    shipping: order.amountShipping,
    tax: order.amountTax,
    total: order.amountTotal,
    tax_inclusive: order.taxInclusive,
  };
}

/** Stripe's `shipping` for an address: name, and the address without empty lines. */
export function stripeShipping(a: ShippingAddress): Stripe.PaymentIntentCreateParams.Shipping {
  const address: Stripe.AddressParam = { line1: a.line1, city: a.city, country: a.country };
  if (a.line2) address.line2 = a.line2;
  if (a.state) address.state = a.state;
  if (a.postal_code) address.postal_code = a.postal_code;
  return { name: a.name, address };
}

/** Idempotency key for the cart's PaymentIntent: one intent per cart version, ever. */
export function checkoutIdempotencyKey(cartId: string, version: string): string {
  return `cashline-checkout-${cartId}-${version}`;
}

/** PaymentIntent states in which the shopper may still confirm it. */
const PAYABLE: readonly Stripe.PaymentIntent.Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

/**
 * Start (or resume) paying for a cart: the server prices the cart, keeps one pending order per
 * cart version, and creates its PaymentIntent with an idempotency key derived from the cart id
 * and version, so reloads, second tabs and double clicks all get the same intent.
 *
 * Checkouts of one cart run one at a time under the cart's row lock (which every cart change
 * takes too), so a checkout sees exactly one version from start to end: it retires only orders of
 * earlier versions, cancels their intents on Stripe before closing them, and hands out a client
 * secret only for an order that is open at that moment.
 */
export async function startCheckout(input: {
  cartId: string;
  userId?: string | null;
  email?: string | null;
  source?: string;
  /** The caller's contract collects a shipping address: refuse a cart that needs one without it. */
  requireShipping?: boolean;
  /**
   * A new shipping choice (fields left out keep the cart's), priced and kept on the cart under
   * the same lock as the checkout: one transaction, and nothing kept if the checkout is refused.
   */
  selection?: ShippingSelection;
}): Promise<CheckoutSession> {
  const email = input.email ? receiptEmail(input.email) : null;
  const stripe = getStripe();

  const requireShipping = input.requireShipping ?? false;
  const locked = await withCartLock(input.cartId, async (lockedCart, tx) => {
    let cart = lockedCart;
    let chosen: PricedCart | null = null;
    if (input.selection) {
      const selection = { address: input.selection.address ?? cart.shipping.address, rateId: input.selection.rateId ?? cart.shipping.rateId };
      // Priced first: a rate not offered at the address is refused before anything is kept.
      chosen = await priceCart(cart, selection, { requireShipping: false }, tx);
      const version = await setLockedCartShipping(cart, selection, tx);
      if (version) cart = { ...cart, version, shipping: selection };
    }
    let order = await findOrderForCartVersion(cart.id, cart.version, tx);
    if (!order) {
      if (cart.lines.length === 0) throw new DomainError("cart_empty", CART_EMPTY_MESSAGE, { cart: ["has no items"] });
      // The choice's price serves unless this caller needs an address the choice lacks (that refusal is priceCart's).
      const priced = chosen && (chosen.address || !requireShipping) ? chosen : await priceCart(cart, cart.shipping, { requireShipping }, tx);
      // Earlier versions' orders are closed first, giving back the stock they hold, so this
      // version can reserve the same units.
      await retireEarlierOrders(cart.id, orderIdForCartVersion(cart.id, cart.version), tx);
      order = await createCartOrder(
        {
          cartId: cart.id,
          cartVersion: cart.version,
          userId: input.userId ?? null,
          email,
          currency: cart.currency,
          amountTotal: priced.total,
          amountSubtotal: priced.subtotal,
          amountShipping: priced.shipping,
          amountTax: priced.tax,
          taxInclusive: priced.taxInclusive,
          shippingAddress: priced.address,
          shippingRateId: priced.rate?.id ?? null,
          shippingRateName: priced.rate?.name ?? null,
          source: input.source ?? "web",
          items: cart.lines.map((l) => ({ productId: l.productId, name: l.name, unitAmount: l.unitAmount, quantity: l.quantity })),
        },
        tx,
      );
      // Reserved with the order, before any PaymentIntent exists: a line there is not enough of
      // rolls the whole transaction back (no order, nothing reserved) and the shopper is told.
      const short = await reserveOrderStock(order, tx);
      if (short.length) throw outOfStock(short);
    } else if (isOpen(order.status)) await retireEarlierOrders(cart.id, order.id, tx);

    let pi: Stripe.PaymentIntent;
    if (order.paymentIntentId) {
      pi = await stripe.paymentIntents.retrieve(order.paymentIntentId);
    } else {
      // Only what the cart version fixes goes into the create, so a replay after a crash matches.
      pi = await stripe.paymentIntents.create(
        {
          amount: order.amountTotal,
          currency: order.currency,
          automatic_payment_methods: { enabled: true },
          ...(order.shippingAddress ? { shipping: stripeShipping(order.shippingAddress) } : {}),
          metadata: { order_id: order.id, cart_id: cart.id, cart_version: cart.version },
        },
        { idempotencyKey: checkoutIdempotencyKey(cart.id, cart.version) },
      );
    }
    await setOrderPayment(
      order.id,
      {
        paymentIntentId: order.paymentIntentId ? undefined : pi.id,
        email: email && email !== order.email ? email : null,
        userId: input.userId && !order.userId ? input.userId : null,
      },
      tx,
    );

    const receiptEmail = email ?? order.email;
    const describe = !pi.metadata.order_number;
    if (PAYABLE.includes(pi.status) && (describe || (receiptEmail && pi.receipt_email !== receiptEmail))) {
      pi = await stripe.paymentIntents.update(pi.id, {
        description: `Order ${orderReference(order.number)}`,
        metadata: { order_number: String(order.number), order_reference: orderReference(order.number) },
        ...(receiptEmail ? { receipt_email: receiptEmail } : {}),
      });
    }
    return { order, pi };
  });

  let { order } = locked;
  const { pi } = locked;
  if (!PAYABLE.includes(pi.status)) {
    // Paid (or canceled) on Stripe but not yet here, e.g. its webhook is still queued: apply it
    // now and answer with the order's true state.
    order = (await applyPaymentIntent(pi)) ?? order;
  }
  if (order.status === "canceled") {
    throw new DomainError("order_closed", `This checkout was canceled (order ${orderReference(order.number)}). Change your cart to start a new one.`);
  }
  return {
    orderId: order.id,
    orderNumber: order.number,
    accessToken: order.accessToken,
    paymentIntentId: pi.id,
    clientSecret: isOpen(order.status) && PAYABLE.includes(pi.status) ? pi.client_secret : null,
    status: pi.status,
    orderStatus: order.status,
    amount: pi.amount,
    currency: pi.currency,
    amounts: orderAmounts(order),
    shippingAddress: order.shippingAddress,
    shippingRate: order.shippingRateId ? { id: order.shippingRateId, name: order.shippingRateName ?? order.shippingRateId } : null,
  };
}

/** The 409 for lines another buyer got first, each named as `items.<product id>`. */
function outOfStock(short: StockShortage[]): DomainError {
  const fields: Record<string, string[]> = {};
  for (const s of short) fields[`items.${s.productId}`] = [s.stock === 0 ? "is out of stock" : `is more than we have: only ${s.stock} left`];
  const [first] = short;
  const message =
    first.stock === 0
      ? `Sorry, the last ${first.name} was just bought. Remove it from your cart to continue.`
      : `Sorry, only ${first.stock} of ${first.name} left: someone just bought the rest. Lower the quantity to continue.`;
  return new DomainError("out_of_stock", message, fields);
}

/** Who is paying: a signed-in user (or token user), or a guest. */
export type Payer = { id: string; email: string } | null;

export const CART_EMPTY_MESSAGE = "Your cart is empty.";
export const RECEIPT_EMAIL_MESSAGE = "An email is needed for the receipt";

/**
 * The one entry to checkout for every caller (the web's Pay button, POST /api/v1/checkout,
 * seed 003's POST /create-payment-intent, and placeAndPayOrder). It owns the rules they share:
 * - a caller without a cart, or with an empty one, is told `cart_empty`;
 * - the receipt goes to the signed-in user's email, else to the email the guest gave; a guest
 *   must give one unless the caller's contract has no email field (`receipt: "if-given"`, seed
 *   003's call: such an order gets no receipt email).
 */
export async function checkoutCart(input: {
  payer: Payer;
  cartId: string | null;
  email?: string | null;
  receipt?: "required" | "if-given";
  /**
   * "collected" (the web checkout, POST /api/v1/checkout): a cart with physical goods needs an
   * address and a rate, given here or chosen before; "not-collected" (seed 002/003's calls, which
   * have no address field): the cart is priced as before shipping existed, unless it holds a choice.
   */
  shipping?: "collected" | "not-collected";
  /** A new choice of address and rate (validated and priced before it is kept on the cart). */
  selection?: { shipping_address?: unknown; shipping_rate?: unknown } | null;
  source?: string;
}): Promise<CheckoutSession> {
  if (!input.cartId) throw new DomainError("cart_empty", CART_EMPTY_MESSAGE, { cart: ["has no items"] });
  const email = input.payer?.email ?? input.email ?? null;
  if (!email && (input.receipt ?? "required") === "required") {
    throw new DomainError("invalid_request", RECEIPT_EMAIL_MESSAGE, { email: ["is required"] });
  }
  const collected = (input.shipping ?? "collected") === "collected";
  const chosen = input.selection && (input.selection.shipping_address !== undefined || input.selection.shipping_rate !== undefined);
  return startCheckout({
    cartId: input.cartId,
    userId: input.payer?.id ?? null,
    email,
    source: input.source,
    requireShipping: collected,
    selection: chosen ? parseSelection(input.selection!) : undefined,
  });
}

/** A client's `shipping_address` and `shipping_rate`, checked; each failure names its field. */
export function parseSelection(raw: { shipping_address?: unknown; shipping_rate?: unknown }): ShippingSelection {
  const fields: Record<string, string[]> = {};
  let address: ShippingAddress | null = null;
  let rateId: string | null = null;
  if (raw.shipping_address !== undefined && raw.shipping_address !== null) {
    const parsed = shippingAddressSchema.safeParse(raw.shipping_address);
    if (parsed.success) address = parsed.data;
    else for (const i of parsed.error.issues) (fields[["shipping_address", ...i.path].join(".")] ??= []).push(i.message);
  }
  if (raw.shipping_rate !== undefined && raw.shipping_rate !== null) {
    const parsed = shippingRateIdSchema.safeParse(raw.shipping_rate);
    if (parsed.success) rateId = parsed.data;
    else fields.shipping_rate = [parsed.error.issues[0]?.message ?? "is invalid"];
  }
  if (Object.keys(fields).length) throw new DomainError("invalid_request", "Please check the shipping details.", fields);
  return { address, rateId };
}

/**
 * What a cart would cost with a shipping choice, without keeping it or making an order (the
 * checkout page's summary as the shopper types): the rates offered for the address's country,
 * the chosen one if offered there (else the first), and the totals with it.
 */
export async function quoteCart(cartId: string | null, raw: { shipping_address?: unknown; shipping_rate?: unknown }) {
  if (!cartId) throw new DomainError("cart_empty", CART_EMPTY_MESSAGE, { cart: ["has no items"] });
  const cart = await getCartView(cartId);
  if (cart.lines.length === 0) throw new DomainError("cart_empty", CART_EMPTY_MESSAGE, { cart: ["has no items"] });
  const selection = parseSelection(raw);
  const needsShipping = cart.lines.some((l) => l.requiresShipping);
  const rates = needsShipping && selection.address ? await ratesForCountry(selection.address.country, cart.currency) : [];
  const rateId = rates.find((r) => r.id === selection.rateId)?.id ?? rates[0]?.id ?? null;
  const totals = await priceCart(cart, { address: selection.address, rateId }, { requireShipping: false });
  return { rates, rateId: needsShipping ? rateId : null, totals };
}

/**
 * Close the cart's orders of earlier versions. Each intent is canceled on Stripe first; only an
 * intent Stripe reports canceled closes its order. One that succeeded or is processing meanwhile
 * stays open for its webhook to settle (and is flagged there if the cart ends up paid twice).
 */
async function retireEarlierOrders(cartId: string, currentOrderId: string, tx: DbExecutor): Promise<void> {
  for (const old of await openOrdersOfCart(cartId, currentOrderId, tx)) {
    await closeUnpaidOrder(old, "replaced by a newer version of the cart", tx);
  }
}

/**
 * Close an unpaid order (its row or its cart locked by the caller): its intent is canceled on
 * Stripe first, and only an intent Stripe reports canceled closes the order (which gives its
 * stock back). An intent that succeeded or is processing meanwhile leaves the order open for its
 * webhook. Best effort: on a Stripe failure the order stays open and payable, nothing is lost,
 * and the next attempt retries. Returns whether the order was closed.
 */
async function closeUnpaidOrder(order: Order, reason: string, tx: DbExecutor): Promise<boolean> {
  if (!order.paymentIntentId) {
    // Its intent would have been recorded in the same locked transaction that created it.
    return !!(await transitionOrder(order.id, "canceled", { reason }, tx));
  }
  try {
    const stripe = getStripe();
    let pi = await stripe.paymentIntents.retrieve(order.paymentIntentId);
    if (PAYABLE.includes(pi.status)) {
      pi = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" }, { idempotencyKey: `cashline-retire-${pi.id}` });
    }
    if (pi.status !== "canceled") return false;
    return !!(await transitionOrder(order.id, "canceled", { reason }, tx));
  } catch (err) {
    logFor("checkout").warn({ err, orderId: order.id }, "could not close an unpaid order");
    return false;
  }
}

/**
 * The stock-hold job: an unpaid checkout that has not changed for STOCK_HOLD_MINUTES gives back
 * the stock it reserved. Its intent is canceled (closeUnpaidOrder), under the cart's lock so a
 * shopper pressing Pay at that moment waits; the cart gets a new version, so the shopper's next
 * Pay opens a new order (and reserves again) instead of meeting a canceled one. A payment that
 * succeeded meanwhile is left to its webhook. Returns how many holds were released.
 */
export async function releaseExpiredStockHolds(now: Date = new Date(), batch = 100): Promise<number> {
  const before = new Date(now.getTime() - env().STOCK_HOLD_MINUTES * 60_000);
  let released = 0;
  for (const stale of await staleStockHolds(before, batch)) {
    const release = async (tx: DbExecutor) => {
      const order = await lockOrder(stale.id, tx);
      // Paid, changed or released since it was listed: nothing to do.
      if (!order || order.stockReservation !== "held" || !isOpen(order.status) || order.updatedAt >= before) return false;
      const closed = await closeUnpaidOrder(order, `stock hold expired after ${env().STOCK_HOLD_MINUTES} minutes unpaid`, tx);
      if (closed && order.cartId && order.cartVersion) await renewCartVersion(order.cartId, order.cartVersion, tx);
      return closed;
    };
    try {
      const closed = stale.cartId ? await withCartLock(stale.cartId, (_cart, tx) => release(tx)) : await db().transaction(release);
      if (closed) released++;
    } catch (err) {
      logFor("checkout").warn({ err, orderId: stale.id }, "could not release an expired stock hold");
    }
  }
  if (released) logFor("checkout").info({ released }, "released expired stock holds");
  return released;
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
