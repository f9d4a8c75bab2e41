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

const card = (number: string, extra: Partial<{ exp_month: number; exp_year: number; cvc: string }> = {}) => ({
  type: "card" as const,
  card: { number, exp_month: 12, exp_year: futureYear, cvc: "123", ...extra },
});

async function eventsFor(id: string): Promise<string[]> {
  const list = await h.stripe.events.list({ limit: 100 });
  return list.data
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: string };
      return o.id === id || o.payment_intent === id;
    })
    .map((e) => e.type)
    .reverse();
}

describe("payment methods", () => {
  it("creates card payment methods keeping only brand, last4, expiry and fingerprint", async () => {
    const pm = await h.stripe.paymentMethods.create(card("4242424242424242"));
    expect(pm).toMatchObject({ object: "payment_method", type: "card", customer: null });
    expect(pm.card).toMatchObject({ brand: "visa", last4: "4242", exp_month: 12, exp_year: futureYear, funding: "credit" });
    expect(pm.card!.fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    const again = await h.stripe.paymentMethods.create(card("4242424242424242"));
    expect(again.card!.fingerprint).toBe(pm.card!.fingerprint);
    const mc = await h.stripe.paymentMethods.create(card("5555555555554444"));
    expect(mc.card!.brand).toBe("mastercard");
    const json = JSON.stringify(await h.stripe.paymentMethods.retrieve(pm.id));
    expect(json).not.toContain("4242424242424242");
    expect(json).not.toContain('"123"');
  });

  it("rejects bad card details with Stripe's card errors", async () => {
    const luhn = await stripeError(h.raw.paymentMethods.create(card("4242424242424241")));
    expect(luhn).toMatchObject({ type: "StripeCardError", code: "incorrect_number", param: "card[number]", statusCode: 402 });
    const pastYear = await stripeError(h.raw.paymentMethods.create(card("4242424242424242", { exp_year: 2019 })));
    expect(pastYear).toMatchObject({ type: "StripeCardError", code: "invalid_expiry_year", param: "card[exp_year]" });
    const badMonth = await stripeError(h.raw.paymentMethods.create(card("4242424242424242", { exp_month: 13 })));
    expect(badMonth).toMatchObject({ code: "invalid_expiry_month", param: "card[exp_month]" });
    const cvc = await stripeError(h.raw.paymentMethods.create(card("4242424242424242", { cvc: "12" })));
    expect(cvc).toMatchObject({ code: "invalid_cvc", param: "card[cvc]" });
    const missingNumber = await stripeError(h.raw.paymentMethods.create({ type: "card", card: { exp_month: 12, exp_year: futureYear } } as never));
    expect(missingNumber).toMatchObject({ type: "StripeInvalidRequestError", param: "card[number]" });
  });

  it("attaches, lists by customer and detaches", async () => {
    const customer = await h.stripe.customers.create({ email: "pm@example.com" });
    const pm = await h.stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    expect(pm.customer).toBe(customer.id);
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe("pm_card_mastercard");
    const listed = await h.stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(listed.data.map((p) => p.id)).toEqual([pm.id]);
    const viaCustomer = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(viaCustomer.data.map((p) => p.id)).toEqual([pm.id]);
    const detached = await h.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect((await h.stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(0);
    expect(await eventsFor(pm.id)).toEqual(["payment_method.attached", "payment_method.detached"]);
  });

  it("declines attaching an always-declining card but accepts 4000000000000341", async () => {
    const customer = await h.stripe.customers.create({});
    const err = await stripeError(h.raw.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }));
    expect(err).toMatchObject({ type: "StripeCardError", code: "card_declined", decline_code: "generic_decline" });
    const pm = await h.stripe.paymentMethods.create(card("4000000000000341"));
    await h.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const charge = await stripeError(
      h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true }),
    );
    expect(charge).toMatchObject({ type: "StripeCardError", code: "card_declined", decline_code: "generic_decline" });
  });
});

describe("payment intents", () => {
  it("creates, updates and confirms a successful payment", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 2599,
      currency: "usd",
      automatic_payment_methods: { enabled: true },
      metadata: { order_id: "ord_1" },
      receipt_email: "buyer@example.com",
      description: "Order 1",
    });
    expect(pi).toMatchObject({ object: "payment_intent", status: "requires_payment_method", amount: 2599, currency: "usd", metadata: { order_id: "ord_1" } });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
    expect(pi.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "always" });
    const updated = await h.stripe.paymentIntents.update(pi.id, { amount: 3000, metadata: { cart: "c1" } });
    expect(updated.amount).toBe(3000);
    expect(updated.metadata).toEqual({ order_id: "ord_1", cart: "c1" });
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa", return_url: "http://localhost/done" });
    expect(confirmed.status).toBe("succeeded");
    expect(confirmed.amount_received).toBe(3000);
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    const charge = await h.stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge).toMatchObject({ object: "charge", amount: 3000, captured: true, paid: true, status: "succeeded", payment_intent: pi.id, receipt_email: "buyer@example.com" });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    const charges = await h.stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.id)).toEqual([charge.id]);
    expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
    const again = await stripeError(h.raw.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }));
    expect(again.code).toBe("payment_intent_unexpected_state");
    const expanded = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge", "payment_method"] });
    expect((expanded.latest_charge as Stripe.Charge).id).toBe(charge.id);
    expect((expanded.payment_method as Stripe.PaymentMethod).card?.brand).toBe("visa");
  });

  it("requires a payment method to confirm", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd" });
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id));
    expect(err).toMatchObject({ type: "StripeInvalidRequestError", code: "payment_intent_unexpected_state", statusCode: 400 });
  });

  const declines: [string, string, string, string][] = [
    ["4000000000000002", "card_declined", "generic_decline", "Your card was declined."],
    ["4000000000009995", "card_declined", "insufficient_funds", "Your card has insufficient funds."],
    ["4000000000000069", "expired_card", "expired_card", "Your card has expired."],
    ["4000000000000127", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."],
    ["4000000000000119", "processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."],
  ];
  it.each(declines)("declines %s at confirm with %s/%s", async (number, code, declineCode, message) => {
    const pm = await h.stripe.paymentMethods.create(card(number));
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1800, currency: "usd", payment_method: pm.id });
    expect(pi.status).toBe("requires_confirmation");
    const err = await stripeError(h.raw.paymentIntents.confirm(pi.id));
    expect(err.type).toBe("StripeCardError");
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe(code);
    expect(err.decline_code).toBe(declineCode);
    expect(err.message).toBe(message);
    expect(err.payment_intent?.id).toBe(pi.id);
    expect(err.payment_intent?.status).toBe("requires_payment_method");
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error).toMatchObject({ type: "card_error", code, decline_code: declineCode });
    const failed = await h.stripe.charges.retrieve(after.latest_charge as string);
    expect(failed).toMatchObject({ status: "failed", paid: false, failure_code: code });
    expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
    // A new card after a decline succeeds.
    const retried = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(retried.status).toBe("succeeded");
    expect(retried.last_payment_error).toBeNull();
  });

  it("uses test payment method ids", async () => {
    const ok = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", payment_method: "pm_card_mastercard", confirm: true });
    expect(ok.status).toBe("succeeded");
    const insufficient = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", payment_method: "pm_card_chargeDeclinedInsufficientFunds", confirm: true }));
    expect(insufficient.decline_code).toBe("insufficient_funds");
  });

  it("authorizes with capture_method=manual, then captures partially", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 5000, currency: "usd", payment_method: "pm_card_visa", capture_method: "manual", confirm: true });
    expect(pi.status).toBe("requires_capture");
    expect(pi.amount_capturable).toBe(5000);
    const tooMuch = await stripeError(h.raw.paymentIntents.capture(pi.id, { amount_to_capture: 6000 }));
    expect(tooMuch.param).toBe("amount_to_capture");
    const captured = await h.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 4000, amount_capturable: 0 });
    const charge = await h.stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount_captured: 4000 });
    expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.amount_capturable_updated", "charge.captured", "payment_intent.succeeded"]);
  });

  it("cancels and refuses to cancel twice", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd" });
    const canceled = await h.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    const err = await stripeError(h.raw.paymentIntents.cancel(pi.id));
    expect(err.code).toBe("payment_intent_unexpected_state");
    expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "payment_intent.canceled"]);
  });
});

describe("3-D Secure", () => {
  for (const number of ["4000002500003155", "4000002760003184", "4000000000003220"]) {
    it(`${number}: requires_action, then the challenge completes`, async () => {
      const pm = await h.stripe.paymentMethods.create(card(number));
      const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 2000, currency: "usd", payment_method: pm.id, confirm: true });
      expect(pi.status).toBe("requires_action");
      expect(pi.next_action?.type).toBe("use_stripe_sdk");
      expect(pi.next_action?.use_stripe_sdk).toBeTruthy();
      const done = await h.helper<Stripe.PaymentIntent>(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome: "complete" });
      expect(done.status).toBe("succeeded");
      const after = await h.stripe.paymentIntents.retrieve(pi.id);
      expect(after.status).toBe("succeeded");
      expect(after.next_action).toBeNull();
      const charge = await h.stripe.charges.retrieve(after.latest_charge as string);
      expect(charge.payment_method_details?.card?.three_d_secure).toMatchObject({ result: "authenticated" });
      expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "payment_intent.requires_action", "charge.succeeded", "payment_intent.succeeded"]);
    });
  }

  it("a failed challenge returns the intent to requires_payment_method", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 2000, currency: "usd", payment_method: "pm_card_threeDSecure2Required", confirm: true });
    expect(pi.status).toBe("requires_action");
    await h.helper(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome: "fail" });
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect(await eventsFor(pi.id)).toEqual(["payment_intent.created", "payment_intent.requires_action", "payment_intent.payment_failed"]);
  });

  it("uses redirect_to_url when confirmed server-side with a return_url", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS,
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "http://localhost:3000/checkout/done",
    });
    expect(pi.next_action?.type).toBe("redirect_to_url");
    expect(pi.next_action?.redirect_to_url?.return_url).toBe("http://localhost:3000/checkout/done");
    const page = await fetch(pi.next_action!.redirect_to_url!.url!);
    expect(await page.text()).toContain("3D Secure 2 Test Page");
  });

  it("declines off-session payments that need authentication", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    const err = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 2000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true }));
    expect(err).toMatchObject({ type: "StripeCardError", code: "authentication_required", decline_code: "authentication_required" });
  });

  it("fail_next makes the next charge on a saved card decline", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach((await h.stripe.paymentMethods.create(card("4242424242424242"))).id, { customer: customer.id });
    await h.helper(`/_emulator/payment_methods/${pm.id}/fail_next`);
    const err = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true }));
    expect(err.decline_code).toBe("generic_decline");
    const ok = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true });
    expect(ok.status).toBe("succeeded");
  });
});

describe("refunds", () => {
  it("refunds partially, then fully, then refuses more", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 10000, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const partial = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2500, reason: "requested_by_customer", metadata: { why: "damaged" } });
    expect(partial).toMatchObject({ object: "refund", amount: 2500, status: "succeeded", payment_intent: pi.id, charge: pi.latest_charge, reason: "requested_by_customer" });
    expect(partial.id).toMatch(/^re_/);
    let charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 2500, refunded: false });
    const over = await stripeError(h.raw.refunds.create({ payment_intent: pi.id, amount: 9000 }));
    expect(over).toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400, param: "amount" });
    expect(over.message).toMatch(/greater than unrefunded amount/);
    const rest = await h.stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(rest.amount).toBe(7500);
    charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ["refunds"] });
    expect(charge).toMatchObject({ amount_refunded: 10000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    const again = await stripeError(h.raw.refunds.create({ payment_intent: pi.id }));
    expect(again.code).toBe("charge_already_refunded");
    expect((await h.stripe.refunds.retrieve(partial.id)).amount).toBe(2500);
    const listed = await h.stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    const events = (await eventsFor(pi.id)).filter((t) => t.startsWith("refund") || t === "charge.refunded");
    expect(events).toEqual(["refund.created", "charge.refunded", "refund.created", "charge.refunded"]);
  });

  it("starts a refund of Stripe's pending-refund test card pending, and succeeds it later with refund.updated", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 3000, currency: "usd", payment_method: "pm_card_pendingRefund", confirm: true });
    expect(pi.status).toBe("succeeded");
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1200 });
    expect(refund).toMatchObject({ status: "pending", pending_reason: "processing", amount: 1200 });
    // A pending refund already counts on the charge, as on Stripe.
    expect(await h.stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 1200, refunded: false });
    const { settled } = await h.helper<{ settled: string[] }>("/_emulator/clock/advance", { seconds: 6 });
    expect(settled).toContain(refund.id);
    const done = await h.stripe.refunds.retrieve(refund.id);
    expect(done.status).toBe("succeeded");
    expect(done.pending_reason).toBeUndefined();
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ["refunds"] });
    expect(charge.refunds?.data[0]).toMatchObject({ id: refund.id, status: "succeeded" });
    const events = (await eventsFor(pi.id)).filter((t) => t.includes("refund"));
    expect(events).toEqual(["refund.created", "charge.refunded", "refund.updated", "charge.refund.updated"]);
    const updated = (await h.stripe.events.list({ type: "refund.updated", limit: 10 })).data.find((e) => (e.data.object as Stripe.Refund).id === refund.id)!;
    expect(updated.data.previous_attributes).toEqual({ status: "pending" });
  });

  it("refuses to refund an unpaid intent", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd" });
    const err = await stripeError(h.raw.refunds.create({ payment_intent: pi.id }));
    expect(err.statusCode).toBe(400);
    const none = await stripeError(h.raw.refunds.create({}));
    expect(none.code).toBe("parameter_missing");
  });
});
