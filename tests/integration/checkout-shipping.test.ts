import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carts, orders, shippingRates } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { addToCart, createCart, getCartView } from "@/lib/cart";
import { createProduct } from "@/lib/catalog";
import { checkoutCart, quoteCart } from "@/lib/checkout";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;
let lamp: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  [mug, lamp] = await productIds("stoneware-mug", "brass-desk-lamp");
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const guest = { payer: null, email: "ship@example.com" } as const;
const california = { name: "Jenny Rosen", line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" };
const newYork = { name: "Jenny Rosen", line1: "20 W 34th St", line2: "Floor 2", city: "New York", state: "NY", postal_code: "10001", country: "US" };

async function cartWith(lines: [string, number][]) {
  const cart = await createCart();
  for (const [id, q] of lines) await addToCart(cart.id, id, q);
  return cart.id;
}

/** The domain error a call fails with, and the HTTP status a route answers it with. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: Record<string, string[]> }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return { status: statusOf(err as DomainError), fields: (err as DomainError).fields ?? {} };
}

async function ordersOf(cartId: string) {
  return testDb.handle.db.select().from(orders).where(eq(orders.cartId, cartId));
}

describe(`checkout with shipping and tax (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("prices goods + shipping + tax on the server, and the order and PaymentIntent carry the address", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const s = await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "express" } });
    // 2200 + 1500 express, California 7.25 % on both: 3700 × 0.0725 = 268.25 → 268
    expect(s.amounts).toEqual({ subtotal: 2200, shipping: 1500, tax: 268, total: 3968, tax_inclusive: false });
    const pi = await stripe.stripe.paymentIntents.retrieve(s.paymentIntentId);
    expect(pi.amount).toBe(3968);
    expect(pi.shipping).toMatchObject({ name: "Jenny Rosen", address: { line1: "354 Oyster Point Blvd", line2: null, city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" } });
    const [order] = await ordersOf(cartId);
    expect(order).toMatchObject({
      amountTotal: 3968,
      amountSubtotal: 2200,
      amountShipping: 1500,
      amountTax: 268,
      shippingRateId: "express",
      shippingRateName: "Express",
      shippingAddress: { ...california, line2: null },
    });
  });

  it("re-prices on an address or method change: a new order and intent, the old intent canceled", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const first = await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "express" } });
    const again = await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "express" } });
    expect(again.paymentIntentId).toBe(first.paymentIntentId);

    const moved = await checkoutCart({ ...guest, cartId, selection: { shipping_address: newYork } });
    expect(moved.paymentIntentId).not.toBe(first.paymentIntentId);
    expect(moved.amounts).toEqual({ subtotal: 2200, shipping: 1500, tax: 148, total: 3848, tax_inclusive: false });
    expect(moved.shippingAddress).toMatchObject({ city: "New York", line2: "Floor 2" });
    expect((await stripe.stripe.paymentIntents.retrieve(first.paymentIntentId)).status).toBe("canceled");

    const slower = await checkoutCart({ ...guest, cartId, selection: { shipping_rate: "standard" } });
    expect(slower.amounts).toMatchObject({ shipping: 500, tax: 108, total: 2808 });
    expect(slower.shippingRate).toEqual({ id: "standard", name: "Standard" });
    const pi = await stripe.stripe.paymentIntents.retrieve(slower.paymentIntentId);
    expect(pi.amount).toBe(2808);
    expect(pi.shipping?.address?.city).toBe("New York");
    expect((await stripe.stripe.paymentIntents.retrieve(moved.paymentIntentId)).status).toBe("canceled");

    const rows = await ordersOf(cartId);
    expect(rows.map((o) => o.status).sort()).toEqual(["canceled", "canceled", "pending"]);
    // Without a new choice, the cart's last one is used: the same order again.
    const resumed = await checkoutCart({ ...guest, cartId });
    expect(resumed.paymentIntentId).toBe(slower.paymentIntentId);
  });

  it("ships free from the threshold up", async () => {
    const cartId = await cartWith([[lamp, 1]]);
    const s = await checkoutCart({ ...guest, cartId, selection: { shipping_address: { ...california, state: "TX", postal_code: "73301" }, shipping_rate: "standard" } });
    expect(s.amounts).toEqual({ subtotal: 12900, shipping: 0, tax: 0, total: 12900, tax_inclusive: false });
  });

  it("refuses physical goods without an address, naming shipping_address, and writes nothing", async () => {
    const cartId = await cartWith([[mug, 2]]);
    expect(await refusal(checkoutCart({ ...guest, cartId }))).toEqual({ status: 400, fields: { shipping_address: ["is required"] } });
    expect(await refusal(checkoutCart({ ...guest, cartId, selection: { shipping_address: california } }))).toEqual({ status: 400, fields: { shipping_rate: ["is required"] } });
    expect(await ordersOf(cartId)).toHaveLength(0);
  });

  it("refuses an unknown rate or one not offered for the destination, naming shipping_rate, and keeps the cart as it was", async () => {
    await testDb.handle.db.insert(shippingRates).values({ id: "pickup", country: "US", name: "Store pickup", amount: 0, currency: "usd", minDays: 0, maxDays: 1, sort: 0 });
    const cartId = await cartWith([[mug, 1]]);
    const before = (await getCartView(cartId)).version;
    expect(await refusal(checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "teleport" } }))).toEqual({
      status: 400,
      fields: { shipping_rate: ["is not offered for US"] },
    });
    const berlin = { name: "Max Mustermann", line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" };
    expect(await refusal(checkoutCart({ ...guest, cartId, selection: { shipping_address: berlin, shipping_rate: "pickup" } }))).toEqual({
      status: 400,
      fields: { shipping_rate: ["is not offered for DE"] },
    });
    expect((await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "pickup" } })).amounts.shipping).toBe(0);
    expect(await refusal(checkoutCart({ ...guest, cartId, selection: { shipping_address: { ...berlin, postal_code: "1011" }, shipping_rate: "express" } }))).toMatchObject({
      status: 400,
      fields: { "shipping_address.postal_code": [expect.stringMatching(/Germany postal code/)] },
    });
    const [cart] = await testDb.handle.db.select().from(carts).where(eq(carts.id, cartId));
    expect(cart.shippingRateId).toBe("pickup");
    expect(cart.version).not.toBe(before);
  });

  it("keeps nothing of a choice when the checkout is refused: a rate without an address leaves the cart as it was", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const before = await getCartView(cartId);
    expect(await refusal(checkoutCart({ ...guest, cartId, selection: { shipping_rate: "express" } }))).toEqual({
      status: 400,
      fields: { shipping_address: ["is required"] },
    });
    const after = await getCartView(cartId);
    expect([after.version, after.shipping]).toEqual([before.version, { address: null, rateId: null }]);
    expect(await ordersOf(cartId)).toHaveLength(0);
    // The same choice with its address goes through in one call, and again without a new version.
    const first = await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "express" } });
    const again = await checkoutCart({ ...guest, cartId, selection: { shipping_address: california, shipping_rate: "express" } });
    expect(again.paymentIntentId).toBe(first.paymentIntentId);
    expect((await getCartView(cartId)).shipping.rateId).toBe("express");
  });

  it("needs no address for digital-only carts: no shipping, no tax without an address", async () => {
    const ebook = await createProduct({ name: "Pottery Handbook (PDF)", unit_amount: 1500, requires_shipping: false });
    const cartId = await cartWith([[ebook.id, 1]]);
    const s = await checkoutCart({ ...guest, cartId });
    expect(s.amounts).toEqual({ subtotal: 1500, shipping: 0, tax: 0, total: 1500, tax_inclusive: false });
    const pi = await stripe.stripe.paymentIntents.retrieve(s.paymentIntentId);
    expect(pi.amount).toBe(1500);
    expect(pi.shipping).toBeNull();
    expect(s.shippingRate).toBeNull();
  });

  it("prices seed 003's call (no address field) exactly as before: the subtotal", async () => {
    const cartId = await cartWith([[mug, 2], [lamp, 1]]);
    const s = await checkoutCart({ payer: null, cartId, receipt: "if-given", shipping: "not-collected" });
    expect(s.amount).toBe(2 * 2200 + 12900);
    expect(s.amounts).toEqual({ subtotal: 17300, shipping: 0, tax: 0, total: 17300, tax_inclusive: false });
  });

  it("quotes a choice without keeping it", async () => {
    const cartId = await cartWith([[mug, 1]]);
    const before = (await getCartView(cartId)).version;
    const q = await quoteCart(cartId, { shipping_address: california, shipping_rate: "standard" });
    expect(q.totals).toMatchObject({ subtotal: 2200, shipping: 500, tax: 196, total: 2896 });
    expect(q.rateId).toBe("standard");
    // No rate chosen (or one not offered): the first offered is quoted.
    const paris = { name: "Marie Curie", line1: "1 Rue de Rivoli", city: "Paris", postal_code: "75001", country: "FR" };
    const fr = await quoteCart(cartId, { shipping_address: paris, shipping_rate: "teleport" });
    expect(fr.rates.map((r) => [r.id, r.amount])).toEqual([["standard", 900], ["express", 2500]]);
    expect(fr.rateId).toBe("standard");
    // VAT 20 % on 2200 + 900
    expect(fr.totals).toMatchObject({ shipping: 900, tax: 620, total: 3720 });
    expect((await getCartView(cartId)).version).toBe(before);
    expect(await ordersOf(cartId)).toHaveLength(0);
  });
});
