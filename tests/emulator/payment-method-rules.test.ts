/** PaymentMethod ownership and reuse, as Stripe enforces them. */
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
