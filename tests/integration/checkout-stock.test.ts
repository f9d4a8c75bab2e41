import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, paymentReviews, products } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { addToCart, createCart, setCartQuantity } from "@/lib/cart";
import { applyPaymentIntent, releaseExpiredStockHolds, startCheckout } from "@/lib/checkout";
import { transitionOrder } from "@/lib/orders";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

/**
 * Stock is reserved when checkout makes the order (before any PaymentIntent), given back once
 * when the order is canceled, and kept by a paid order. Webhooks are not delivered here: each
 * PaymentIntent is applied through applyPaymentIntent, the function the webhook jobs call.
 */
let stripe: TestStripe;
let testDb: TestDatabase;
let lamp: string;
let mug: string;
let sleeve: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  [lamp, mug, sleeve] = await productIds("brass-desk-lamp", "stoneware-mug", "wool-felt-laptop-sleeve");
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const db = () => testDb.handle.db;

async function setStock(id: string, stock: number | null) {
  await db().update(products).set({ stock }).where(eq(products.id, id));
}
async function stockOf(id: string): Promise<number | null> {
  const [row] = await db().select({ stock: products.stock }).from(products).where(eq(products.id, id));
  return row.stock;
}
async function orderRow(id: string) {
  const [row] = await db().select().from(orders).where(eq(orders.id, id));
  return row;
}
async function cartWith(productId: string, quantity: number) {
  const cart = await createCart();
  await addToCart(cart.id, productId, quantity);
  return cart.id;
}
async function pay(paymentIntentId: string) {
  return stripe.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/checkout/complete" });
}

describe(`stock reserved at checkout (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("two buyers of the last unit check out at once: one gets an order and an intent, the other a 409 naming the line", async () => {
    await setStock(sleeve, 1);
    const [a, b] = [await cartWith(sleeve, 1), await cartWith(sleeve, 1)];
    const results = await Promise.allSettled([startCheckout({ cartId: a, email: "a@example.com" }), startCheckout({ cartId: b, email: "b@example.com" })]);

    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = lost[0].reason as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe("out_of_stock");
    expect(statusOf(err)).toBe(409);
    expect(err.message).toBe("Sorry, the last Wool Felt Laptop Sleeve was just bought. Remove it from your cart to continue.");
    expect(err.fields).toEqual({ [`items.${sleeve}`]: ["is out of stock"] });

    const session = won[0].value;
    expect(session.clientSecret).toMatch(/^pi_/);
    expect((await orderRow(session.orderId)).stockReservation).toBe("held");
    expect(await stockOf(sleeve)).toBe(0);
    // The loser has no order and no PaymentIntent.
    const loser = results[0].status === "rejected" ? a : b;
    expect(await db().select().from(orders).where(eq(orders.cartId, loser))).toEqual([]);
    const intents = await stripe.stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((pi) => pi.metadata.cart_id === loser)).toEqual([]);
  });

  it("a short line writes nothing: other lines of the cart are not reserved either", async () => {
    await setStock(sleeve, 0);
    const mugBefore = await stockOf(mug);
    const cart = await cartWith(mug, 2);
    await setStock(sleeve, 1);
    await addToCart(cart, sleeve, 1);
    await setStock(sleeve, 0); // bought by someone else after it was added
    await expect(startCheckout({ cartId: cart, email: "c@example.com" })).rejects.toMatchObject({ code: "out_of_stock", fields: { [`items.${sleeve}`]: ["is out of stock"] } });
    expect(await stockOf(mug)).toBe(mugBefore);
    expect(await db().select().from(orders).where(eq(orders.cartId, cart))).toEqual([]);
  });

  it("a retired cart version gives its stock back exactly once, and the new version can reserve it", async () => {
    await setStock(lamp, 3);
    const cart = await cartWith(lamp, 2);
    const first = await startCheckout({ cartId: cart, email: "d@example.com" });
    expect(await stockOf(lamp)).toBe(1);

    // Only 1 is on hand, but the cart's own hold counts for it: it may go up to 3, not 4.
    await expect(setCartQuantity(cart, lamp, 4)).rejects.toMatchObject({ code: "out_of_stock", message: "Sorry, only 3 of Brass Desk Lamp left." });
    await setCartQuantity(cart, lamp, 3);
    // Checkout retires the old order first (its 2 come back), then the new one holds 3.
    const third = await startCheckout({ cartId: cart, email: "d@example.com" });
    expect(await stockOf(lamp)).toBe(0);
    expect((await orderRow(first.orderId)).stockReservation).toBe("released");

    // The shopper takes two fewer: the new version holds 1.
    await setCartQuantity(cart, lamp, 1);
    const second = await startCheckout({ cartId: cart, email: "d@example.com" });
    expect((await orderRow(third.orderId)).status).toBe("canceled");
    expect(second.orderId).not.toBe(first.orderId);
    const retired = await orderRow(first.orderId);
    expect(retired.status).toBe("canceled");
    expect(retired.stockReservation).toBe("released");
    expect(await stockOf(lamp)).toBe(2);

    // A duplicate cancel (the intent's canceled webhook, a retry) gives nothing back again.
    expect(await transitionOrder(first.orderId, "canceled", { reason: "duplicate" })).toBeNull();
    const canceledPi = await stripe.stripe.paymentIntents.retrieve(first.paymentIntentId);
    expect(canceledPi.status).toBe("canceled");
    await applyPaymentIntent(canceledPi);
    await applyPaymentIntent(canceledPi);
    expect(await stockOf(lamp)).toBe(2);

    // Canceling the current order gives its one back, once.
    await transitionOrder(second.orderId, "canceled", { reason: "abandoned" });
    await transitionOrder(second.orderId, "canceled", { reason: "abandoned" });
    expect(await stockOf(lamp)).toBe(3);
  });

  it("a paid order keeps its reservation; untracked products are never reserved", async () => {
    await setStock(lamp, 5);
    await setStock(mug, null);
    const cart = await cartWith(lamp, 2);
    await addToCart(cart, mug, 1);
    const session = await startCheckout({ cartId: cart, email: "e@example.com" });
    expect(await stockOf(lamp)).toBe(3);
    expect(await stockOf(mug)).toBeNull();

    const order = await applyPaymentIntent(await pay(session.paymentIntentId));
    expect(order?.status).toBe("paid");
    await applyPaymentIntent(await stripe.stripe.paymentIntents.retrieve(session.paymentIntentId));
    expect(await stockOf(lamp)).toBe(3);
    expect((await orderRow(session.orderId)).stockReservation).toBe("held");
    await setStock(mug, 240);
  });

  it("a success after the order was canceled stays paid: stock is taken again if on hand, else flagged for an operator", async () => {
    // On hand: the released units are taken back.
    await setStock(lamp, 1);
    const cart = await cartWith(lamp, 1);
    const session = await startCheckout({ cartId: cart, email: "f@example.com" });
    const succeeded = await pay(session.paymentIntentId);
    await transitionOrder(session.orderId, "canceled", { reason: "canceled before the success arrived" });
    expect(await stockOf(lamp)).toBe(1);
    expect((await applyPaymentIntent(succeeded))?.status).toBe("paid");
    expect(await stockOf(lamp)).toBe(0);
    expect((await orderRow(session.orderId)).stockReservation).toBe("held");

    // Sold meanwhile: the payment stands, the stock never goes negative, and the order is flagged once.
    await setStock(lamp, 1);
    const late = await cartWith(lamp, 1);
    const lateSession = await startCheckout({ cartId: late, email: "g@example.com" });
    const lateSucceeded = await pay(lateSession.paymentIntentId);
    await transitionOrder(lateSession.orderId, "canceled", { reason: "canceled before the success arrived" });
    const other = await startCheckout({ cartId: await cartWith(lamp, 1), email: "h@example.com" });
    expect(await stockOf(lamp)).toBe(0);
    expect((await applyPaymentIntent(lateSucceeded))?.status).toBe("paid");
    await applyPaymentIntent(lateSucceeded);
    expect(await stockOf(lamp)).toBe(0);
    const flags = await db()
      .select()
      .from(paymentReviews)
      .where(and(eq(paymentReviews.orderId, lateSession.orderId), eq(paymentReviews.reason, "stock_short")));
    expect(flags).toHaveLength(1);
    expect(flags[0].detail).toContain("Brass Desk Lamp (1 wanted, 0 on hand)");
    expect((await orderRow(other.orderId)).status).toBe("pending");
  });
});

describe(`stock holds expire (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  let kettle: string;
  beforeAll(async () => {
    [kettle] = await productIds("cast-iron-kettle");
  });

  it("an unpaid checkout gives its stock back after STOCK_HOLD_MINUTES, and the cart's next checkout is a new order", async () => {
    await setStock(kettle, 2);
    const cartId = await cartWith(kettle, 2);
    const first = await startCheckout({ cartId, email: "left@example.com" });
    expect(await stockOf(kettle)).toBe(0);

    // Within the hold (30 minutes by default) nothing moves.
    expect(await releaseExpiredStockHolds(minutes(29))).toBe(0);
    expect((await orderRow(first.orderId)).stockReservation).toBe("held");

    // (Earlier tests' unpaid checkouts in this database expire too.)
    expect(await releaseExpiredStockHolds(minutes(31))).toBeGreaterThanOrEqual(1);
    expect(await orderRow(first.orderId)).toMatchObject({ status: "canceled", stockReservation: "released" });
    expect(await stockOf(kettle)).toBe(2);
    expect(await stripe.stripe.paymentIntents.retrieve(first.paymentIntentId)).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    // Run again (another instance's job, say): nothing is given back twice.
    expect(await releaseExpiredStockHolds(minutes(31))).toBe(0);
    expect(await stockOf(kettle)).toBe(2);

    // The shopper comes back and presses Pay: a new order, which reserves again, and pays.
    const again = await startCheckout({ cartId, email: "left@example.com" });
    expect(again.orderId).not.toBe(first.orderId);
    expect((await orderRow(again.orderId)).stockReservation).toBe("held");
    expect(await stockOf(kettle)).toBe(0);
    await applyPaymentIntent(await pay(again.paymentIntentId));
    expect((await orderRow(again.orderId)).status).toBe("paid");
  });

  it("a hold whose payment went through meanwhile is left to its webhook: paid, stock kept", async () => {
    await setStock(mug, 1);
    const cartId = await cartWith(mug, 1);
    const s = await startCheckout({ cartId, email: "late-webhook@example.com" });
    const succeeded = await pay(s.paymentIntentId);
    expect(succeeded.status).toBe("succeeded");

    await releaseExpiredStockHolds(minutes(31));
    expect(await orderRow(s.orderId)).toMatchObject({ status: "pending", stockReservation: "held" });
    expect(await stockOf(mug)).toBe(0);
    await applyPaymentIntent(succeeded);
    expect(await orderRow(s.orderId)).toMatchObject({ status: "paid", stockReservation: "held" });
    expect(await stockOf(mug)).toBe(0);
  });
});
