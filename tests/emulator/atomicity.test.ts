/**
 * Validate everything before mutating anything: a request that fails with a 4xx leaves no trace
 * (no object created, no field changed, no event), as on Stripe. Declines at confirmation (402 with
 * `payment_intent`) are the exception Stripe documents: the attempt is recorded on the intent.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REDIRECTS, futureYear, startHarness, stripeError, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

const monthlyPrice = () => h.stripe.prices.create({ product_data: { name: "Plan" }, unit_amount: 900, currency: "usd", recurring: { interval: "month" } });

async function eventCount(): Promise<number> {
  let n = 0;
  for await (const _ of h.stripe.events.list({ limit: 100 })) n++;
  return n;
}

describe("customers", () => {
  it("create: a default payment method owned by someone else creates no customer", async () => {
    const owner = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: owner.id });
    const before = await eventCount();
    const err = await stripeError(h.raw.customers.create({ email: "taken-pm@example.com", invoice_settings: { default_payment_method: pm.id } }));
    expect(err).toMatchObject({ statusCode: 400, param: "invoice_settings[default_payment_method]" });
    expect((await h.stripe.customers.list({ email: "taken-pm@example.com" })).data).toHaveLength(0);
    expect(await eventCount()).toBe(before);
  });

  it("create: a payment method that declines at attachment creates no customer", async () => {
    const err = await stripeError(h.raw.customers.create({ email: "declined-pm@example.com", payment_method: "pm_card_chargeDeclined" }));
    expect(err).toMatchObject({ statusCode: 402, code: "card_declined" });
    expect((await h.stripe.customers.list({ email: "declined-pm@example.com" })).data).toHaveLength(0);
  });

  it("update: an unknown default payment method changes nothing", async () => {
    const customer = await h.stripe.customers.create({ name: "Before", metadata: { k: "v" } });
    const err = await stripeError(h.raw.customers.update(customer.id, { name: "After", metadata: { k: "w" }, invoice_settings: { default_payment_method: "pm_missing" } }));
    expect(err).toMatchObject({ statusCode: 400, param: "invoice_settings[default_payment_method]" });
    const after = (await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after).toMatchObject({ name: "Before", metadata: { k: "v" } });
  });
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

describe("payment intents", () => {
  it("create: an unknown payment_method creates no intent", async () => {
    const err = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", payment_method: "pm_missing", metadata: { probe: "missing-pm" } }));
    expect(err).toMatchObject({ statusCode: 400, param: "payment_method" });
    const all = await h.stripe.paymentIntents.list({ limit: 100 });
    expect(all.data.filter((p) => p.metadata.probe === "missing-pm")).toHaveLength(0);
  });

  it("create: invalid payment_method_data card details create no intent", async () => {
    const err = await stripeError(
      h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS,
        amount: 1000,
        currency: "usd",
        payment_method_data: { type: "card", card: { number: "4242424242424241", exp_month: 12, exp_year: futureYear } } as never,
        metadata: { probe: "bad-card" },
      }),
    );
    expect(err).toMatchObject({ statusCode: 402, code: "incorrect_number" });
    const all = await h.stripe.paymentIntents.list({ limit: 100 });
    expect(all.data.filter((p) => p.metadata.probe === "bad-card")).toHaveLength(0);
  });

  it("update: changing the amount of an invoice's intent is refused and changes nothing", async () => {
    const price = await monthlyPrice();
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      expand: ["latest_invoice.confirmation_secret"],
    });
    const piId = (sub.latest_invoice as Stripe.Invoice).confirmation_secret!.client_secret.split("_secret_")[0];
    const err = await stripeError(h.raw.paymentIntents.update(piId, { amount: 5000, description: "changed", metadata: { changed: "yes" } }));
    expect(err).toMatchObject({ statusCode: 400, param: "amount" });
    const after = await h.stripe.paymentIntents.retrieve(piId);
    expect(after).toMatchObject({ amount: 900, description: "Subscription creation", metadata: {} });
  });

  it("update: an unknown payment_method changes nothing", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", description: "before" });
    const err = await stripeError(h.raw.paymentIntents.update(pi.id, { description: "after", amount: 2000, payment_method: "pm_missing" }));
    expect(err.statusCode).toBe(400);
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ description: "before", amount: 1000 });
  });

  it("confirm: an unknown payment_method changes nothing", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", receipt_email: "before@example.com" });
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id, { receipt_email: "after@example.com", setup_future_usage: "off_session", payment_method: "pm_missing" }));
    expect(err.statusCode).toBe(400);
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ receipt_email: "before@example.com", setup_future_usage: null, status: "requires_payment_method" });
  });

  it("confirm: missing a payment method changes nothing", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd" });
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id, { receipt_email: "after@example.com", capture_method: "manual" }));
    expect(err).toMatchObject({ statusCode: 400, param: "payment_method" });
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ receipt_email: null, capture_method: "automatic_async" });
  });
});

describe("subscriptions", () => {
  it("update: an unknown price changes nothing", async () => {
    const price = await monthlyPrice();
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    const err = await stripeError(h.raw.subscriptions.update(sub.id, { cancel_at_period_end: true, metadata: { m: "1" }, items: [{ price: "price_missing" }] }));
    expect(err).toMatchObject({ statusCode: 400, param: "items[0][price]" });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ cancel_at_period_end: false, cancel_at: null, metadata: {} });
    expect(after.items.data).toHaveLength(1);
  });

  it("update: removing the last item is refused and keeps it", async () => {
    const price = await monthlyPrice();
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    const item = sub.items.data[0].id;
    const err = await stripeError(h.raw.subscriptions.update(sub.id, { items: [{ id: item, deleted: true }] }));
    expect(err).toMatchObject({ statusCode: 400, param: "items" });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((si) => si.id)).toEqual([item]);
  });

  it("update: a default payment method owned by someone else changes nothing", async () => {
    const price = await monthlyPrice();
    const customer = await h.stripe.customers.create({});
    const other = await h.stripe.customers.create({});
    const foreign = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: other.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    const err = await stripeError(h.raw.subscriptions.update(sub.id, { cancel_at_period_end: true, default_payment_method: foreign.id }));
    expect(err).toMatchObject({ statusCode: 400, param: "default_payment_method" });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ cancel_at_period_end: false, default_payment_method: sub.default_payment_method });
  });
});

describe("expand", () => {
  it("an expand that cannot be rendered is refused before a create stores anything", async () => {
    const err = await stripeError(h.raw.customers.create({ email: "expand-create@example.com", expand: ["nope"] }));
    expect(err).toMatchObject({ statusCode: 400, param: "expand", message: "This property cannot be expanded (nope)." });
    expect((await h.stripe.customers.list({ email: "expand-create@example.com" })).data).toHaveLength(0);
    const customer = await h.stripe.customers.create({});
    const price = await monthlyPrice();
    const sub = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete", expand: ["nope"] }));
    expect(sub).toMatchObject({ statusCode: 400, param: "expand" });
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(0);
    expect((await h.stripe.invoices.list({ customer: customer.id })).data).toHaveLength(0);
  });

  it("an expand that cannot be rendered is refused before an update changes anything", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", description: "before" });
    const err = await stripeError(h.raw.paymentIntents.update(pi.id, { description: "after", expand: ["nope"] }));
    expect(err).toMatchObject({ statusCode: 400, param: "expand" });
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).description).toBe("before");
    const confirm = await stripeError(h.raw.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa", expand: ["a.b.c.d.e"] }));
    expect(confirm).toMatchObject({ statusCode: 400, param: "expand" });
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });
});
