/** PaymentMethod ownership and reuse, as Stripe enforces them. */
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { futureYear, NO_REDIRECTS, stripeError, useHarness } from "./helpers";

const h = useHarness();
const card = () => h.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: futureYear, cvc: "123" } });

describe("a customer's saved payment method", () => {
  it("is refused without that customer, or with another one; works with it", async () => {
    const owner = await h.stripe.customers.create({});
    const other = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach((await card()).id, { customer: owner.id });

    const without = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
    expect(without).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError", param: "payment_method" });
    expect(without.message).toBe(`The \`payment_method\` parameter supplied ${pm.id} belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`);

    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: other.id, automatic_payment_methods: NO_REDIRECTS });
    const another = await stripeError(h.raw.paymentIntents.confirm(pi.id, { payment_method: pm.id }));
    expect(another).toMatchObject({ statusCode: 400, param: "payment_method" });
    expect(another.message).toBe(`The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${other.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`);
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");

    const ok = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: owner.id, payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(ok.status).toBe("succeeded");
    const again = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: owner.id, payment_method: pm.id, confirm: true, off_session: true });
    expect(again.status).toBe("succeeded");
  });
});

describe("a one-off payment method", () => {
  it("used once without a customer cannot be used or attached again", async () => {
    const pm = await card();
    const first = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(first.status).toBe("succeeded");

    const reuse = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
    expect(reuse).toMatchObject({ statusCode: 400, param: "payment_method" });
    expect(reuse.message).toMatch(/^The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment.*It may not be used again\. To use a PaymentMethod multiple times, you must attach it to a Customer first\.$/);

    const customer = await h.stripe.customers.create({});
    const attach = await stripeError(h.raw.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(attach).toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });
    expect(attach.message).toBe("This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.");
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
  });

  it("a declined one-off payment method is used up too; a detached one cannot come back", async () => {
    const declined = await h.stripe.paymentMethods.create({ type: "card", card: { number: "4000000000000002", exp_month: 12, exp_year: futureYear, cvc: "123" } });
    await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: declined.id, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
    const reuse = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: declined.id, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
    expect(reuse).toMatchObject({ statusCode: 400, param: "payment_method" });

    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach((await card()).id, { customer: customer.id });
    await h.stripe.paymentMethods.detach(pm.id);
    const reattach = await stripeError(h.raw.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(reattach).toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });
  });
});

describe("a payment method paid with a customer but without setup_future_usage", () => {
  it("is not saved for that customer: it is used up like any one-off payment method", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await card();
    const first = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(first.status).toBe("succeeded");
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();

    const again = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true }));
    expect(again).toMatchObject({ statusCode: 400, param: "payment_method" });
    expect(again.message).toMatch(/^The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment/);
    const attach = await stripeError(h.raw.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(attach).toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });

    // With setup_future_usage it is attached and can be charged again.
    const saved = await card();
    await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: saved.id, setup_future_usage: "off_session", confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect((await h.stripe.paymentMethods.retrieve(saved.id)).customer).toBe(customer.id);
    const renewal = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: saved.id, confirm: true, off_session: true });
    expect(renewal.status).toBe("succeeded");
  });
});

describe("a default payment method", () => {
  it("must already be attached to the customer (customers' invoice_settings, subscriptions): it is not attached on the way", async () => {
    const customer = await h.stripe.customers.create({});
    const loose = await card();
    const message = (id: string) => `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`;

    const update = await stripeError(h.raw.customers.update(customer.id, { invoice_settings: { default_payment_method: loose.id } }));
    expect(update).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError", param: "invoice_settings[default_payment_method]", message: message(loose.id) });
    const create = await stripeError(h.raw.customers.create({ invoice_settings: { default_payment_method: loose.id } }));
    expect(create).toMatchObject({ statusCode: 400, param: "invoice_settings[default_payment_method]" });
    expect((await h.stripe.paymentMethods.retrieve(loose.id)).customer).toBeNull();

    const product = await h.stripe.products.create({ name: "Default PM plan" });
    const price = await h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900, recurring: { interval: "month" } });
    const sub = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: "pm_card_visa" }));
    expect(sub).toMatchObject({ statusCode: 400, param: "default_payment_method", message: message("pm_card_visa") });
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);

    const other = await h.stripe.customers.create({});
    const theirs = await h.stripe.paymentMethods.attach((await card()).id, { customer: other.id });
    expect((await stripeError(h.raw.customers.update(customer.id, { invoice_settings: { default_payment_method: theirs.id } }))).message).toBe(message(theirs.id));

    // Attached first: accepted everywhere.
    const mine = await h.stripe.paymentMethods.attach(loose.id, { customer: customer.id });
    const updated = await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: mine.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(mine.id);
    const created = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: mine.id });
    expect(created).toMatchObject({ status: "active", default_payment_method: mine.id } satisfies Partial<Stripe.Subscription>);
    const swap = await stripeError(h.raw.subscriptions.update(created.id, { default_payment_method: theirs.id }));
    expect(swap).toMatchObject({ statusCode: 400, param: "default_payment_method", message: message(theirs.id) });
  });
});
