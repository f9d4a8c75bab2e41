import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, stripeError, type AdvanceResult, type Harness } from "./helpers";

let h: Harness;
let price: Stripe.Price;
beforeAll(async () => {
  h = await startHarness();
  price = await h.stripe.prices.create({ product_data: { name: "Basic" }, unit_amount: 900, currency: "usd", recurring: { interval: "month" }, lookup_key: "basic_subscription" });
});
afterAll(async () => {
  await h.emulator.close();
});

const eventTypesFor = (id: string) => h.eventTypesFor(id);

describe("subscriptions", () => {
  it("default_incomplete: paying the first invoice's PaymentIntent activates the subscription", async () => {
    const customer = await h.stripe.customers.create({ email: "sub@example.com" });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      expand: ["latest_invoice.confirmation_secret", "latest_invoice.payments"],
    });
    expect(sub).toMatchObject({ object: "subscription", status: "incomplete", customer: customer.id, currency: "usd", cancel_at_period_end: false });
    expect(sub.id).toMatch(/^sub_/);
    const item = sub.items.data[0];
    expect(item.id).toMatch(/^si_/);
    expect(item.price.id).toBe(price.id);
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ object: "invoice", status: "open", amount_due: 900, billing_reason: "subscription_create", customer: customer.id });
    expect(invoice.id).toMatch(/^in_/);
    expect(invoice.confirmation_secret).toMatchObject({ type: "payment_intent" });
    const clientSecret = invoice.confirmation_secret!.client_secret;
    expect(clientSecret).toMatch(/^pi_.+_secret_/);
    const piId = clientSecret.split("_secret_")[0];
    expect(invoice.payments?.data[0].payment).toEqual({ type: "payment_intent", payment_intent: piId });
    expect(invoice.lines.data[0]).toMatchObject({ amount: 900, quantity: 1 });

    // Not expanded: includable fields stay out.
    const plain = await h.stripe.invoices.retrieve(invoice.id);
    expect(plain).not.toHaveProperty("confirmation_secret");

    const paid = await h.stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
    const active = await h.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice.payments"] });
    expect(active.status).toBe("active");
    expect(active.default_payment_method).toBe(paid.payment_method);
    const paidInvoice = active.latest_invoice as Stripe.Invoice;
    expect(paidInvoice).toMatchObject({ status: "paid", amount_paid: 900, amount_remaining: 0 });
    expect(paidInvoice.payments?.data[0].status).toBe("paid");
    expect(await eventTypesFor(invoice.id)).toEqual(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
    expect(await eventTypesFor(sub.id)).toEqual(["customer.subscription.created", "customer.subscription.updated"]);

    const listed = await h.stripe.subscriptions.list({ customer: customer.id });
    expect(listed.data.map((s) => s.id)).toEqual([sub.id]);
    const byStatus = await h.stripe.subscriptions.list({ status: "active", customer: customer.id });
    expect(byStatus.data).toHaveLength(1);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it("charges the default payment method at creation and advances periods", async () => {
    const customer = await h.stripe.customers.create({ email: "renew@example.com" });
    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
    expect(sub.status).toBe("active");
    const firstEnd = sub.items.data[0].current_period_end;

    const advanced = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(advanced.subscription.status).toBe("active");
    expect(advanced.subscription.items.data[0].current_period_start).toBe(firstEnd);
    expect(advanced.subscription.items.data[0].current_period_end).toBeGreaterThan(firstEnd);
    expect(advanced.invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", amount_paid: 900 });
    const invoices = await h.stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(2);
    expect(await eventTypesFor(advanced.invoice!.id)).toContain("invoice.paid");
  });

  it("goes past_due when the renewal charge fails, and active again when paid", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    // The first payment goes through with a good card, renewals use the failing default.
    const good = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: good.id });
    expect(sub.status).toBe("active");
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });

    const advanced = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(advanced.subscription.status).toBe("past_due");
    expect(advanced.invoice).toMatchObject({ status: "open", attempted: true, attempt_count: 1 });
    expect(await eventTypesFor(advanced.invoice!.id)).toEqual(["invoice.created", "invoice.finalized", "invoice.payment_failed"]);

    const paid = await h.stripe.invoices.pay(advanced.invoice!.id, { payment_method: good.id });
    expect(paid.status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("cancel_at_period_end, then cancel at the period's end", async () => {
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    const updated = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated).toMatchObject({ cancel_at_period_end: true, status: "active", cancel_at: sub.items.data[0].current_period_end });
    const event = (await h.stripe.events.list({ type: "customer.subscription.updated" })).data.find((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const advanced = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(advanced.subscription.status).toBe("canceled");
    expect(advanced.invoice).toBeNull();
    expect(await eventTypesFor(sub.id)).toContain("customer.subscription.deleted");
  });

  it("cancels immediately with DELETE", async () => {
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled).toMatchObject({ status: "canceled" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data).toHaveLength(1);
    const again = await stripeError(h.raw.subscriptions.cancel(sub.id));
    expect(again.statusCode).toBe(400);
  });

  it("a declined first payment leaves the subscription incomplete (allow_incomplete) or fails (error_if_incomplete)", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, expand: ["latest_invoice"] });
    expect(sub.status).toBe("incomplete");
    expect((sub.latest_invoice as Stripe.Invoice).status).toBe("open");
    const err = await stripeError(
      h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" }),
    );
    expect(err).toMatchObject({ type: "StripeCardError", code: "card_declined" });
  });

  it("validates subscription params", async () => {
    const customer = await h.stripe.customers.create({});
    const noItems = await stripeError(h.raw.subscriptions.create({ customer: customer.id } as never));
    expect(noItems.param).toBe("items");
    const badPrice = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: "price_nope" }] }));
    expect(badPrice).toMatchObject({ statusCode: 400, param: "items[0][price]" });
    const oneTime = await h.stripe.prices.create({ product_data: { name: "One-off" }, unit_amount: 500, currency: "usd" });
    const notRecurring = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }], payment_behavior: "default_incomplete" }));
    expect(notRecurring.param).toBe("items[0][price]");
    const noPm = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] }));
    expect(noPm.statusCode).toBe(400);
  });
});
