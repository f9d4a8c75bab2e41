/**
 * Validate everything before mutating anything: a request that fails with a 4xx leaves no trace
 * (no object created, no field changed, no event), as on Stripe. Declines at confirmation (402 with
 * `payment_intent`) are the exception Stripe documents: the attempt is recorded on the intent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, stripeError, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

describe("products and prices", () => {
  it("products.create: an invalid default_price_data creates no product", async () => {
    const err = await stripeError(h.raw.products.create({ name: "Orphan product", default_price_data: { currency: "dollars", unit_amount: 100 } }));
    expect(err).toMatchObject({ statusCode: 400, param: "currency" });
    const products = await h.stripe.products.list({ limit: 100 });
    expect(products.data.map((p) => p.name)).not.toContain("Orphan product");
  });

  it("prices.create: a taken lookup_key creates no product from product_data", async () => {
    await h.stripe.prices.create({ product_data: { name: "Holder" }, unit_amount: 100, currency: "usd", lookup_key: "atomic_key" });
    const err = await stripeError(h.raw.prices.create({ product_data: { name: "Orphan from price" }, unit_amount: 100, currency: "usd", lookup_key: "atomic_key" }));
    expect(err).toMatchObject({ statusCode: 400, param: "lookup_key" });
    const products = await h.stripe.products.list({ limit: 100 });
    expect(products.data.map((p) => p.name)).not.toContain("Orphan from price");
  });
});
