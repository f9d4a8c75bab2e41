import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { seedCatalog } from "@/db/seed";
import { ApiError } from "@/lib/api/responses";
import { addToCart, createCart, getCartView, setCartQuantity } from "@/lib/cart";
import { listProducts } from "@/lib/catalog";
import { applyPaymentIntent, confirmCheckoutReturn, startCheckout } from "@/lib/checkout";
import { startTestStripe, type TestStripe } from "../fixtures/stripe";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;
let lamp: string;

beforeAll(async () => {
  stripe = await startTestStripe();
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
  const products = await listProducts();
  mug = products.find((p) => p.slug === "stoneware-mug")!.id;
  lamp = products.find((p) => p.slug === "brass-desk-lamp")!.id;
});
afterAll(async () => {
  await testDb.drop();
  await stripe.close();
});

async function cartWith(lines: [string, number][]) {
  const cart = await createCart();
  for (const [id, q] of lines) await addToCart(cart.id, id, q);
  return cart.id;
}

async function intentsForCart(cartId: string) {
  const all = await stripe.stripe.paymentIntents.list({ limit: 100 });
  return all.data.filter((pi) => pi.metadata.cart_id === cartId);
}

describe(`checkout (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("creates a pending order with snapshots and a PaymentIntent priced by the server", async () => {
    const cartId = await cartWith([[mug, 2], [lamp, 1]]);
    const s = await startCheckout({ cartId, email: "Ann@Example.com" });
    const pi = await stripe.stripe.paymentIntents.retrieve(s.paymentIntentId);
    expect(pi.amount).toBe(2 * 2200 + 12900);
    expect(pi.currency).toBe("usd");
    expect(pi.metadata.order_id).toBe(s.orderId);
    expect(pi.receipt_email).toBe("ann@example.com");
    expect(pi.client_secret).toBe(s.clientSecret);
    const [order] = await testDb.handle.db.select().from(orders).where(eq(orders.id, s.orderId));
    expect(order).toMatchObject({ status: "pending", amountTotal: 17300, currency: "usd", paymentIntentId: pi.id, email: "ann@example.com" });
  });

  it("gives a reload, a second tab and a double click the same PaymentIntent", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const sessions = await Promise.all(Array.from({ length: 5 }, () => startCheckout({ cartId, email: "a@example.com" })));
    expect(new Set(sessions.map((s) => s.paymentIntentId)).size).toBe(1);
    expect(new Set(sessions.map((s) => s.orderId)).size).toBe(1);
    const again = await startCheckout({ cartId, email: "a@example.com" });
    expect(again.paymentIntentId).toBe(sessions[0].paymentIntentId);
    expect(await intentsForCart(cartId)).toHaveLength(1);
    const rows = await testDb.handle.db.select().from(orders).where(eq(orders.cartId, cartId));
    expect(rows).toHaveLength(1);
  });

  it("replaces the intent safely when the cart changes", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const first = await startCheckout({ cartId, email: "a@example.com" });
    await setCartQuantity(cartId, mug, 3);
    const second = await startCheckout({ cartId, email: "a@example.com" });
    expect(second.paymentIntentId).not.toBe(first.paymentIntentId);
    expect(second.amount).toBe(6600);
    expect((await stripe.stripe.paymentIntents.retrieve(first.paymentIntentId)).status).toBe("canceled");
    const [old] = await testDb.handle.db.select().from(orders).where(eq(orders.id, first.orderId));
    expect(old.status).toBe("canceled");
  });

  it("refuses an empty cart and a bad email with a 4xx, creating nothing", async () => {
    const empty = await createCart();
    await expect(startCheckout({ cartId: empty.id })).rejects.toMatchObject({ status: 400, code: "cart_empty" });
    const cartId = await cartWith([[mug, 1]]);
    await expect(startCheckout({ cartId, email: "not-an-email" })).rejects.toThrow();
    expect(await testDb.handle.db.select().from(orders).where(eq(orders.cartId, cartId))).toHaveLength(0);
  });

  it("marks the order paid from the PaymentIntent, empties the cart, and is idempotent", async () => {
    const cartId = await cartWith([[lamp, 1]]);
    const s = await startCheckout({ cartId, email: "b@example.com" });
    const pi = await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: "pm_card_visa" });
    expect(pi.status).toBe("succeeded");
    const back = await confirmCheckoutReturn({ paymentIntentId: pi.id, clientSecret: s.clientSecret });
    expect(back?.order.status).toBe("paid");
    expect((await getCartView(cartId)).lines).toHaveLength(0);
    // the return page reloaded and the webhook job arriving too: still one paid order
    const again = await applyPaymentIntent(pi);
    expect(again?.status).toBe("paid");
    await expect(startCheckout({ cartId })).rejects.toBeInstanceOf(ApiError);
  });

  it("never shows an order to someone without its client secret", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const s = await startCheckout({ cartId, email: "c@example.com" });
    expect(await confirmCheckoutReturn({ paymentIntentId: s.paymentIntentId, clientSecret: "pi_x_secret_wrong" })).toBeNull();
    expect(await confirmCheckoutReturn({ paymentIntentId: s.paymentIntentId })).toBeNull();
    expect(await confirmCheckoutReturn({ paymentIntentId: "pi_doesnotexist" })).toBeNull();
  });

  it("keeps a declined order open with Stripe's message, then accepts another card", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const s = await startCheckout({ cartId, email: "d@example.com" });
    await expect(stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: "pm_card_chargeDeclined" })).rejects.toMatchObject({
      code: "card_declined",
    });
    const declined = await confirmCheckoutReturn({ paymentIntentId: s.paymentIntentId, clientSecret: s.clientSecret });
    expect(declined?.order.status).toBe("failed");
    expect(declined?.order.lastPaymentError).toMatch(/declined/i);
    const retry = await startCheckout({ cartId, email: "d@example.com" });
    expect(retry.paymentIntentId).toBe(s.paymentIntentId);
    await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: "pm_card_visa" });
    const paid = await confirmCheckoutReturn({ paymentIntentId: s.paymentIntentId, clientSecret: s.clientSecret });
    expect(paid?.order.status).toBe("paid");
    expect(paid?.order.lastPaymentError).toBeNull();
  });
});
