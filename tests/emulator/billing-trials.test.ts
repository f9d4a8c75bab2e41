/** Billing through the official SDK: trials, error_if_incomplete, payments that need authentication, the hosted invoice and receipt pages. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { futureYear, startHarness, stripeError, type AdvanceResult, type Harness } from "./helpers";

let h: Harness;
let price: Stripe.Price;
beforeAll(async () => {
  h = await startHarness();
  price = await h.stripe.prices.create({ product_data: { name: "Pro" }, unit_amount: 1200, currency: "usd", recurring: { interval: "month" } });
});
afterAll(async () => {
  await h.emulator.close();
});

const eventTypesFor = (id: string) => h.eventTypesFor(id);

async function customerWithCard(number: string): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await h.stripe.customers.create();
  const created = await h.stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: futureYear, cvc: "123" } });
  const pm = await h.stripe.paymentMethods.attach(created.id, { customer: customer.id });
  return { customer, pm };
}

async function countAll(): Promise<Record<string, number>> {
  const [subs, invoices, intents] = await Promise.all([
    h.stripe.subscriptions.list({ status: "all", limit: 100 }),
    h.stripe.invoices.list({ limit: 100 }),
    h.stripe.paymentIntents.list({ limit: 100 }),
  ]);
  return { subs: subs.data.length, invoices: invoices.data.length, intents: intents.data.length };
}

describe("trials", () => {
  it("trial_period_days: trialing with a $0 paid first invoice and no payment method; the trial's end charges the card and activates", async () => {
    const customer = await h.stripe.customers.create({ email: "trial@example.com" });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14, expand: ["latest_invoice"] });
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86400);
    expect(sub.items.data[0].current_period_end).toBe(sub.trial_end);
    expect(sub.billing_cycle_anchor).toBe(sub.trial_end);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "paid", amount_due: 0, amount_paid: 0, total: 0, billing_reason: "subscription_create" });
    expect(invoice.lines.data[0]).toMatchObject({ amount: 0, description: "Trial period for Pro" });
    expect(await eventTypesFor(invoice.id!)).toEqual(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);

    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
    const after = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(after.subscription.status).toBe("active");
    expect(after.subscription.items.data[0].current_period_start).toBe(sub.trial_end);
    expect(after.invoice).toMatchObject({ status: "paid", amount_paid: 1200, billing_reason: "subscription_cycle" });
  });

  it("a trial that ends without a payment method leaves the subscription past_due with an open invoice", async () => {
    const customer = await h.stripe.customers.create();
    const trialEnd = Math.floor(Date.now() / 1000) + 3 * 86400;
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_end: trialEnd });
    expect(sub).toMatchObject({ status: "trialing", trial_end: trialEnd });
    const after = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(after.subscription.status).toBe("past_due");
    expect(after.invoice).toMatchObject({ status: "open", amount_due: 1200, attempted: true });
  });

  it("rejects a trial_end in the past, or with trial_period_days; trial_end=now is no trial", async () => {
    const customer = await h.stripe.customers.create();
    const before = await countAll();
    const past = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_end: 1_000_000 }));
    expect(past.param).toBe("trial_end");
    const both = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_end: Math.floor(Date.now() / 1000) + 86400, trial_period_days: 3 }));
    expect(both.param).toBe("trial_end");
    expect(await countAll()).toEqual(before);
    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const now = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_end: "now", default_payment_method: pm.id });
    expect(now).toMatchObject({ status: "active", trial_end: null });
  });
});

describe("payment_behavior=error_if_incomplete", () => {
  it("a declined card answers the 402 and leaves no subscription, invoice or PaymentIntent behind", async () => {
    const { customer, pm } = await customerWithCard("4000000000000341");
    const before = await countAll();
    const err = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" }));
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe("StripeCardError");
    expect(err.code).toBe("card_declined");
    expect(await countAll()).toEqual(before);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(0);
  });

  it("a card that needs 3-D Secure answers subscription_payment_intent_requires_action and creates nothing", async () => {
    const { customer, pm } = await customerWithCard("4000002760003184");
    const before = await countAll();
    const err = await stripeError(h.raw.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" }));
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe("subscription_payment_intent_requires_action");
    expect(await countAll()).toEqual(before);
  });

  it("a good card: active, as with the other behaviours", async () => {
    const { customer, pm } = await customerWithCard("4242424242424242");
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" });
    expect(sub.status).toBe("active");
  });
});

describe("payments that need authentication", () => {
  it("first invoice (allow_incomplete): incomplete, PaymentIntent requires_action, invoice.payment_action_required; completing it activates", async () => {
    const { customer, pm } = await customerWithCard("4000002760003184");
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, expand: ["latest_invoice.payments"] });
    expect(sub.status).toBe("incomplete");
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe("open");
    expect(await eventTypesFor(invoice.id!)).toContain("invoice.payment_action_required");
    const piId = invoice.payments!.data[0].payment.payment_intent as string;
    expect((await h.stripe.paymentIntents.retrieve(piId)).status).toBe("requires_action");
    await h.helper(`/_emulator/payment_intents/${piId}/three_d_secure`, { outcome: "complete" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("a renewal that needs authentication: invoice.payment_action_required, past_due; authenticating pays it", async () => {
    const { customer, pm } = await customerWithCard("4000002760003184");
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, expand: ["latest_invoice.payments"] });
    await h.helper(`/_emulator/payment_intents/${(sub.latest_invoice as Stripe.Invoice).payments!.data[0].payment.payment_intent}/three_d_secure`, { outcome: "complete" });
    const renewal = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(renewal.subscription.status).toBe("past_due");
    expect(renewal.invoice!.status).toBe("open");
    const types = await eventTypesFor(renewal.invoice!.id!);
    expect(types).toContain("invoice.payment_action_required");
    expect(types).not.toContain("invoice.payment_failed");
    const invoice = await h.stripe.invoices.retrieve(renewal.invoice!.id!, { expand: ["payments"] });
    const pi = await h.stripe.paymentIntents.retrieve(invoice.payments!.data[0].payment.payment_intent as string);
    expect(pi.status).toBe("requires_action");
    await h.helper(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome: "complete" });
    expect((await h.stripe.invoices.retrieve(invoice.id!)).status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });
});

describe("hosted invoice and receipt pages", () => {
  it("invoice.hosted_invoice_url and charge.receipt_url render; unknown ids are 404", async () => {
    const { customer, pm } = await customerWithCard("4242424242424242");
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, expand: ["latest_invoice.payments"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const invoicePage = await fetch(invoice.hosted_invoice_url!);
    expect(invoicePage.status).toBe(200);
    expect(invoicePage.headers.get("content-type")).toContain("text/html");
    const html = await invoicePage.text();
    expect(html).toContain(`Invoice ${invoice.number}`);
    expect(html).toContain("Paid");
    expect(html).toContain("$12.00");

    const pi = await h.stripe.paymentIntents.retrieve(invoice.payments!.data[0].payment.payment_intent as string, { expand: ["latest_charge"] });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.receipt_url).toBe(`${h.emulator.url}/_emulator/receipts/${charge.id}`);
    const receipt = await fetch(charge.receipt_url!);
    expect(receipt.status).toBe(200);
    const text = await receipt.text();
    expect(text).toContain("$12.00");
    expect(text).toContain("visa •••• 4242");

    expect((await fetch(`${h.emulator.url}/_emulator/invoices/in_nope`)).status).toBe(404);
    expect((await fetch(`${h.emulator.url}/_emulator/receipts/ch_nope`)).status).toBe(404);
  });

  it("an open invoice's page offers the Payment Element to pay it", async () => {
    const customer = await h.stripe.customers.create();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete", expand: ["latest_invoice.confirmation_secret"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const html = await (await fetch(invoice.hosted_invoice_url!)).text();
    expect(html).toContain("Pay $12.00");
    expect(html).toContain(invoice.confirmation_secret!.client_secret);
    expect(html).toContain('<script src="/v3/stripe.js"></script>');
  });
});
