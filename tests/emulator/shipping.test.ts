import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REDIRECTS, startHarness, stripeError, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

const jenny = { name: "Jenny Rosen", address: { line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" } };

describe("PaymentIntent shipping", () => {
  it("keeps shipping from create with every address field, and copies it to the charge", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: "usd", shipping: jenny, automatic_payment_methods: NO_REDIRECTS });
    expect(pi.shipping).toEqual({
      address: { line1: "354 Oyster Point Blvd", line2: null, city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" },
      carrier: null,
      name: "Jenny Rosen",
      phone: null,
      tracking_number: null,
    });
    const paid = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
    const charge = await h.stripe.charges.retrieve(paid.latest_charge as string);
    expect(charge.shipping?.name).toBe("Jenny Rosen");
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).shipping?.address?.postal_code).toBe("94080");
  });

  it("updates and clears shipping, and takes it on confirmation", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: "usd", automatic_payment_methods: NO_REDIRECTS });
    expect(pi.shipping).toBeNull();
    const updated = await h.stripe.paymentIntents.update(pi.id, { shipping: { name: "Max Mustermann", address: { line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" } } });
    expect(updated.shipping).toMatchObject({ name: "Max Mustermann", address: { city: "Berlin", state: null, country: "DE" } });
    const cleared = await h.stripe.paymentIntents.update(pi.id, { shipping: "" as never });
    expect(cleared.shipping).toBeNull();
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa", shipping: jenny });
    expect(confirmed.shipping?.name).toBe("Jenny Rosen");
  });

  it("refuses shipping without a name or an address, naming the param", async () => {
    const noName = await stripeError(h.raw.paymentIntents.create({ amount: 2000, currency: "usd", shipping: { address: jenny.address } } as never));
    expect(noName).toMatchObject({ type: "StripeInvalidRequestError", param: "shipping[name]", statusCode: 400 });
    const noAddress = await stripeError(h.raw.paymentIntents.create({ amount: 2000, currency: "usd", shipping: { name: "Jenny" } } as never));
    expect(noAddress).toMatchObject({ type: "StripeInvalidRequestError", param: "shipping[address]" });
  });
});
