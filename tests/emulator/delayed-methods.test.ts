/** Payment methods with delayed outcomes (ACH Direct Debit) and the automatic-payment-methods default of the pinned API version. */
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { NO_REDIRECTS, stripeError, useHarness } from "./helpers";

const h = useHarness();

function bankAccount(account: string, routing = "110000000") {
  return h.stripe.paymentMethods.create({
    type: "us_bank_account",
    us_bank_account: { routing_number: routing, account_number: account, account_holder_type: "individual" },
    billing_details: { name: "Jenny Rosen", email: "jenny@example.com" },
  });
}

async function advance(seconds: number): Promise<{ now: number; settled: string[] }> {
  return h.helper("/_emulator/clock/advance", { seconds });
}

async function eventTypesFor(piId: string): Promise<string[]> {
  const events = await h.stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => {
      const o = e.data.object as { id: string; payment_intent?: string };
      return o.id === piId || o.payment_intent === piId;
    })
    .map((e) => e.type)
    .reverse();
}

describe("us_bank_account (ACH Direct Debit)", () => {
  it("creates a bank account payment method from Stripe's test numbers", async () => {
    const pm = await bankAccount("000123456789");
    expect(pm).toMatchObject({ type: "us_bank_account", us_bank_account: { bank_name: "STRIPE TEST BANK", last4: "6789", routing_number: "110000000", account_holder_type: "individual", account_type: "checking" } });
    expect(pm.card).toBeUndefined();
    const bad = await stripeError(bankAccount("000123456789", "123456789"));
    expect(bad).toMatchObject({ statusCode: 400, param: "us_bank_account[routing_number]" });
    const noName = await stripeError(h.raw.paymentMethods.create({ type: "us_bank_account", us_bank_account: { routing_number: "110000000", account_number: "000123456789" } }));
    expect(noName).toMatchObject({ statusCode: 400, param: "billing_details[name]", code: "parameter_missing" });
  });

  it("000123456789: processing, then succeeded when the clock moves on", async () => {
    const pm = await bankAccount("000123456789");
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS, expand: ["latest_charge"] });
    expect(pi.status).toBe("processing");
    expect((pi.latest_charge as Stripe.Charge).status).toBe("pending");
    expect((pi.latest_charge as Stripe.Charge).payment_method_details?.type).toBe("us_bank_account");
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe("processing");
    const { settled } = await advance(5);
    expect(settled).toContain(pi.id);
    const done = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(done).toMatchObject({ status: "succeeded", amount_received: 5000 });
    expect((done.latest_charge as Stripe.Charge)).toMatchObject({ status: "succeeded", paid: true });
    expect(await eventTypesFor(pi.id)).toEqual(["payment_intent.created", "charge.pending", "payment_intent.processing", "charge.succeeded", "payment_intent.succeeded"]);
  });

  it("000222222227: processing, then payment_failed with insufficient_funds", async () => {
    const pm = await bankAccount("000222222227");
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: "usd", automatic_payment_methods: NO_REDIRECTS });
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id });
    expect(confirmed.status).toBe("processing");
    await advance(60);
    const failed = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(failed).toMatchObject({ status: "requires_payment_method", payment_method: null, last_payment_error: { code: "insufficient_funds" } });
    expect((failed.latest_charge as Stripe.Charge)).toMatchObject({ status: "failed", failure_code: "insufficient_funds" });
    expect(await eventTypesFor(pi.id)).toEqual(["payment_intent.created", "charge.pending", "payment_intent.processing", "charge.failed", "payment_intent.payment_failed"]);
  });

  it("a bank account is refused by an intent that only allows cards", async () => {
    const pm = await bankAccount("000123456789");
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: "usd", allowed_payment_method_types: ["card"] });
    expect(pi.payment_method_types).toEqual(["card"]);
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id, { payment_method: pm.id }));
    expect(err).toMatchObject({ statusCode: 400, code: "payment_intent_incompatible_payment_method", param: "payment_method" });
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });
});

describe("automatic payment methods by default", () => {
  it("an intent created without payment method types has automatic_payment_methods enabled, redirects allowed", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
    expect(pi.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "always" });
    expect(pi.payment_method_types).toEqual(["card", "us_bank_account"]);
    const eur = await h.stripe.paymentIntents.create({ amount: 1500, currency: "eur" });
    expect(eur.payment_method_types).toEqual(["card"]);
  });

  it("a server-side confirmation then needs return_url, unless off-session or allow_redirects=never", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.message).toMatch(/^A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard/);
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
    const created = await stripeError(h.raw.paymentIntents.create({ amount: 1500, currency: "usd", payment_method: "pm_card_visa", confirm: true }));
    expect(created.statusCode).toBe(400);

    expect((await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa", return_url: "https://shop.example/return" })).status).toBe("succeeded");
    const customer = await h.stripe.customers.create({});
    const offSession = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd", customer: customer.id, payment_method: "pm_card_visa", confirm: true, off_session: true });
    expect(offSession.status).toBe("succeeded");
    const never = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(never.status).toBe("succeeded");
  });
});
