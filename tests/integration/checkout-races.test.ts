import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emails, orderEvents, orders, paymentReviews } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { addToCart, createCart, setCartQuantity } from "@/lib/cart";
import { startCheckout, type CheckoutSession } from "@/lib/checkout";
import { startWorkers } from "@/lib/jobs/worker";
import { eventually } from "../support/eventually";
import { productIds, receiveAsTheRoute, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

/**
 * Money invariant under concurrency: however cart changes and checkouts interleave, every
 * PaymentIntent that succeeds on Stripe ends in a paid order (or one flagged for an operator),
 * and a cart never gets stuck refusing checkout.
 */
let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;
let lamp: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ deliverTo: receiveAsTheRoute, latencyMs: [2, 25], seed: true }));
  [mug, lamp] = await productIds("stoneware-mug", "brass-desk-lamp");
  await startWorkers({ pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const db = () => testDb.handle.db;

async function intentsForCart(cartId: string): Promise<Stripe.PaymentIntent[]> {
  const all: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.stripe.paymentIntents.list({ limit: 100 })) if (pi.metadata.cart_id === cartId) all.push(pi);
  return all;
}

/** Pay every handed-out client secret as a shopper would; returns the ids that succeeded. */
async function payAll(sessions: CheckoutSession[]): Promise<string[]> {
  const secrets = new Map<string, string>();
  for (const s of sessions) if (s.clientSecret) secrets.set(s.paymentIntentId, s.clientSecret);
  const succeeded: string[] = [];
  for (const id of secrets.keys()) {
    const pi = await stripe.stripe.paymentIntents
      .confirm(id, { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/checkout/complete" })
      .catch(() => null);
    if (pi?.status === "succeeded") succeeded.push(id);
  }
  return succeeded;
}

/** Every succeeded intent of the cart belongs to a paid order, the duplicates flagged for an operator. */
async function expectEveryChargeAccountedFor(cartId: string) {
  const intents = (await intentsForCart(cartId)).filter((pi) => pi.status === "succeeded");
  expect(intents.length).toBeGreaterThan(0);
  for (const pi of intents) {
    const order = await eventually(async () => {
      const [o] = await db().select().from(orders).where(eq(orders.paymentIntentId, pi.id));
      return o?.status === "paid" ? o : null;
    }, `the order of ${pi.id} to be paid`);
    expect(order.amountTotal).toBe(pi.amount);
  }
  const paid = await db().select().from(orders).where(and(eq(orders.cartId, cartId), eq(orders.status, "paid")));
  expect(paid).toHaveLength(intents.length);
  const flagged = await db().select().from(paymentReviews).where(eq(paymentReviews.reason, "duplicate_payment"));
  const flaggedHere = flagged.filter((r) => paid.some((o) => o.id === r.orderId));
  expect(flaggedHere).toHaveLength(paid.length - 1);
  return { intents, paid };
}

const settle = <T,>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

describe(`checkout under concurrency (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a burst of interleaved cart changes and checkouts: every paid secret ends in a paid order, no cart stuck", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const handedOut: CheckoutSession[] = [];
    const refused: unknown[] = [];
    // Four clients (tabs, scripts) working the same cart at once, each alternating changes and checkouts.
    const client = async (n: number) => {
      for (let step = 0; step < 10; step++) {
        if ((step + n) % 3 === 0) await setCartQuantity(cart.id, n % 2 ? lamp : mug, 1 + ((step * 7 + n) % 5));
        else {
          const r = await settle(startCheckout({ cartId: cart.id, email: "burst@example.com" }));
          if (r.ok) handedOut.push(r.v);
          else refused.push(r.e);
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(client));
    expect(handedOut.filter((s) => s.clientSecret).length).toBeGreaterThan(0);
    const succeeded = await payAll(handedOut);
    expect(succeeded.length).toBeGreaterThan(0);
    await expectEveryChargeAccountedFor(cart.id);
    expect(refused).toEqual([]); // no checkout refused: not with a 409, not with a 500

    // The cart is usable again right away: a change and a checkout give a fresh, payable intent.
    await addToCart(cart.id, mug, 1);
    const next = await startCheckout({ cartId: cart.id, email: "burst@example.com" });
    expect(next.clientSecret).toBeTruthy();
    expect(next.orderStatus).toBe("pending");
  });

  it("two tabs: a double click in one, a quantity change and payment in the other, then the first pays too", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const [a1, a2] = await Promise.all([
      startCheckout({ cartId: cart.id, email: "tabs@example.com" }),
      startCheckout({ cartId: cart.id, email: "tabs@example.com" }),
    ]);
    expect(a1.paymentIntentId).toBe(a2.paymentIntentId);
    await setCartQuantity(cart.id, mug, 3);
    const b = await startCheckout({ cartId: cart.id, email: "tabs@example.com" });
    expect(b.paymentIntentId).not.toBe(a1.paymentIntentId);
    expect(b.amount).toBe(3 * 2200);
    // Tab B pays; the intent tab A still holds was canceled on Stripe, so it cannot be charged.
    expect(await payAll([b])).toEqual([b.paymentIntentId]);
    expect(await payAll([a1])).toEqual([]);
    expect((await stripe.stripe.paymentIntents.retrieve(a1.paymentIntentId)).status).toBe("canceled");
    const { paid } = await expectEveryChargeAccountedFor(cart.id);
    expect(paid.map((o) => o.id)).toEqual([b.orderId]);
  });

  it("retiring an order never cancels the intent of a newer cart version", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const old = await startCheckout({ cartId: cart.id, email: "old@example.com" });
    await setCartQuantity(cart.id, mug, 2);
    // A slow request that read the old version finishes after the newer checkout started.
    const [newer, again] = await Promise.all([
      startCheckout({ cartId: cart.id, email: "old@example.com" }),
      startCheckout({ cartId: cart.id, email: "old@example.com" }),
    ]);
    expect(newer.paymentIntentId).toBe(again.paymentIntentId);
    expect((await stripe.stripe.paymentIntents.retrieve(newer.paymentIntentId)).status).toBe("requires_payment_method");
    expect((await stripe.stripe.paymentIntents.retrieve(old.paymentIntentId)).status).toBe("canceled");
    const [oldRow] = await db().select().from(orders).where(eq(orders.id, old.orderId));
    expect(oldRow.status).toBe("canceled");
  });

  it("a succeeded payment for a canceled order makes it paid, records why, and sends the receipt", async () => {
    const cart = await createCart();
    await addToCart(cart.id, lamp, 1);
    const s = await startCheckout({ cartId: cart.id, email: "late@example.com" });
    // The order was canceled locally while its intent stayed payable (what the old retirement did).
    await db().update(orders).set({ status: "canceled" }).where(eq(orders.id, s.orderId));
    await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/r" });
    const order = await eventually(async () => {
      const [o] = await db().select().from(orders).where(eq(orders.id, s.orderId));
      return o.status === "paid" ? o : null;
    }, "the canceled order to be paid");
    expect(order.paidAt).toBeInstanceOf(Date);
    const history = await db().select().from(orderEvents).where(eq(orderEvents.orderId, s.orderId));
    const revived = history.find((h) => h.fromStatus === "canceled" && h.toStatus === "paid");
    expect(revived?.reason).toMatch(/payment succeeded/i);
    const receipt = await eventually(
      async () => (await db().select().from(emails).where(and(eq(emails.orderId, s.orderId), eq(emails.kind, "receipt"))))[0],
      "the receipt",
    );
    expect(receipt.to).toBe("late@example.com");
  });

  it("a checkout after the payment succeeded but before its webhook answers with the paid order, not an error", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const s = await startCheckout({ cartId: cart.id, email: "early@example.com" });
    await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/r" });
    const results = await Promise.all(Array.from({ length: 5 }, () => settle(startCheckout({ cartId: cart.id, email: "early@example.com" }))));
    for (const r of results) {
      if (r.ok) {
        expect(r.v).toMatchObject({ orderId: s.orderId, orderStatus: "paid", clientSecret: null });
      } else {
        // Once the cart was emptied by the payment, a new checkout finds nothing to pay for.
        expect(r.e).toBeInstanceOf(DomainError);
        expect((r.e as DomainError).code).toBe("cart_empty");
      }
    }
    const [row] = await db().select().from(orders).where(eq(orders.id, s.orderId));
    expect(row.status).toBe("paid");
  });
});
