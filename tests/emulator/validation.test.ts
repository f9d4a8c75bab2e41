/** Input validation Stripe does: currencies, amounts, emails, event names, created filters, ids in params, updates of settled intents. */
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { NO_REDIRECTS, stripeError, useHarness } from "./helpers";

const h = useHarness();

describe("amounts and currencies", () => {
  it("refuses a currency Stripe does not support", async () => {
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "xyz" }));
    expect(err).toMatchObject({ statusCode: 400, param: "currency", code: "invalid_currency" });
    expect(err.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed, /);
    const price = await stripeError(h.raw.prices.create({ currency: "abc", unit_amount: 100, product_data: { name: "x" } }));
    expect(price).toMatchObject({ statusCode: 400, param: "currency" });
  });

  it.each([
    ["usd", 49, "$0.50 usd"],
    ["gbp", 29, "£0.30 gbp"],
    ["huf", 17499, "175.00 HUF huf"],
    ["mxn", 999, "10.00 MXN mxn"],
    ["czk", 1499, "15.00 CZK czk"],
    ["jpy", 49, "50 JPY jpy"],
    ["thb", 999, "10.00 THB thb"],
  ])("minimum charge in %s: %i is too small", async (currency, amount, shown) => {
    const err = await stripeError(h.raw.paymentIntents.create({ amount, currency }));
    expect(err).toMatchObject({ statusCode: 400, code: "amount_too_small", param: "amount", message: `Amount must be at least ${shown}` });
    expect((await h.stripe.paymentIntents.create({ amount: amount + 1, currency })).amount).toBe(amount + 1);
  });

  it("amount_too_large above 99999999", async () => {
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 100000000, currency: "usd" }));
    expect(err).toMatchObject({ statusCode: 400, code: "amount_too_large", param: "amount", message: "Amount must be no more than $999,999.99" });
    expect((await h.stripe.paymentIntents.create({ amount: 99999999, currency: "usd" })).amount).toBe(99999999);
  });
});

describe("customers and webhook endpoints", () => {
  it("refuses a malformed customer email, on create and update", async () => {
    const err = await stripeError(h.raw.customers.create({ email: "not-an-email" }));
    expect(err).toMatchObject({ statusCode: 400, param: "email", code: "email_invalid", message: "Invalid email address: not-an-email" });
    const c = await h.stripe.customers.create({ email: "ok@example.com" });
    expect((await stripeError(h.raw.customers.update(c.id, { email: "two@@example.com" }))).param).toBe("email");
    expect((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ email: "ok@example.com" });
  });

  it("refuses unknown enabled_events names", async () => {
    const err = await stripeError(h.raw.webhookEndpoints.create({ url: "http://127.0.0.1:9/x", enabled_events: ["payment_intent.succeeded", "payment_intent.exploded" as never] }));
    expect(err).toMatchObject({ statusCode: 400, param: "enabled_events[1]" });
    const ok = await h.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/x", enabled_events: ["charge.dispute.created", "checkout.session.completed"] });
    expect((await stripeError(h.raw.webhookEndpoints.update(ok.id, { enabled_events: ["nope" as never] }))).param).toBe("enabled_events[0]");
    await h.stripe.webhookEndpoints.del(ok.id);
  });
});

describe("lists and ids", () => {
  it("filters by created[gt|gte|lt|lte] and an exact created", async () => {
    const a = await h.stripe.products.create({ name: "created-a" });
    const all = (await h.stripe.products.list({ limit: 100 })).data;
    const created = a.created;
    const newer = await h.stripe.products.list({ created: { gt: created }, limit: 100 });
    expect(newer.data.every((p) => p.created > created)).toBe(true);
    expect(newer.data.map((p) => p.id)).not.toContain(a.id);
    const upTo = await h.stripe.products.list({ created: { lte: created }, limit: 100 });
    expect(upTo.data.map((p) => p.id)).toContain(a.id);
    const exact = await h.stripe.products.list({ created, limit: 100 });
    expect(exact.data.map((p) => p.id)).toContain(a.id);
    expect(exact.data.every((p) => p.created === created)).toBe(true);
    const range = await h.stripe.products.list({ created: { gte: created, lt: created + 1 }, limit: 100 });
    expect(range.data.length).toBe(all.filter((p) => p.created === created).length);
    expect((await h.stripe.products.list({ created: { lt: 1 } })).data).toEqual([]);
    const bad = await stripeError(h.raw.products.list({ created: { gt: "soon" as never } }));
    expect(bad).toMatchObject({ statusCode: 400, param: "created[gt]", code: "parameter_invalid_integer" });
    const unknown = await stripeError(h.raw.products.list({ created: { after: 1 } as never }));
    expect(unknown).toMatchObject({ statusCode: 400, param: "created[after]", code: "parameter_unknown" });
  });

  it("an id in a parameter that does not exist is a 400 resource_missing naming the param", async () => {
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", customer: "cus_nope" }));
    expect(err).toMatchObject({ statusCode: 400, code: "resource_missing", param: "customer", message: "No such customer: 'cus_nope'" });
    const pm = await stripeError(h.raw.paymentMethods.attach("pm_nope", { customer: (await h.stripe.customers.create({})).id }));
    expect(pm).toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_method" });
    const path = await stripeError(h.raw.customers.retrieve("cus_nope"));
    expect(path).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
  });
});

describe("settled intents", () => {
  it("still take metadata and description updates, but not amount", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(pi.status).toBe("succeeded");
    const updated = await h.stripe.paymentIntents.update(pi.id, { metadata: { order: "A-1" }, description: "shipped" });
    expect(updated).toMatchObject({ status: "succeeded", metadata: { order: "A-1" }, description: "shipped" });
    const amount = await stripeError(h.raw.paymentIntents.update(pi.id, { amount: 2000 }));
    expect(amount).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });
});

describe("charges", () => {
  it("take metadata, description, receipt_email and shipping updates, with charge.updated; other fields are unknown parameters", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: NO_REDIRECTS });
    const chargeId = pi.latest_charge as string;
    const updated = await h.stripe.charges.update(chargeId, {
      metadata: { order: "A-2" },
      description: "Order A-2",
      receipt_email: "jenny@example.com",
      shipping: { name: "Jenny Rosen", address: { line1: "1 Main St", city: "Springfield", country: "US" } },
    });
    expect(updated).toMatchObject({ id: chargeId, status: "succeeded", metadata: { order: "A-2" }, description: "Order A-2", receipt_email: "jenny@example.com" });
    expect(updated.shipping).toMatchObject({ name: "Jenny Rosen", address: { line1: "1 Main St", line2: null, city: "Springfield", country: "US" } });
    expect((await h.stripe.charges.retrieve(chargeId)).metadata).toEqual({ order: "A-2" });
    const event = (await h.stripe.events.list({ type: "charge.updated", limit: 1 })).data[0];
    expect((event.data.object as Stripe.Charge).id).toBe(chargeId);
    expect(event.data.previous_attributes).toMatchObject({ metadata: {}, description: null, receipt_email: null });
    const amount = await stripeError(h.raw.charges.update(chargeId, { amount: 5 } as never));
    expect(amount).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "amount" });
    expect((await stripeError(h.raw.charges.update("ch_nope", { metadata: { a: "b" } }))).statusCode).toBe(404);
  });
});
