/** Stripe's test cards beyond the basic declines: lost/stolen, 3-D Secure then a decline, live cards, 3155 set up for off-session. */
import { describe, expect, it } from "vitest";
import { futureYear, NO_REDIRECTS, stripeError, useHarness } from "./helpers";

const h = useHarness();
const card = (number: string) => h.stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: futureYear, cvc: "123" } });

describe("test cards", () => {
  it.each([
    ["4000000000009987", "lost_card"],
    ["4000000000009979", "stolen_card"],
  ])("%s declines with card_declined/%s", async (number, declineCode) => {
    const pm = await card(number);
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
    expect(err).toMatchObject({ type: "StripeCardError", statusCode: 402, code: "card_declined", decline_code: declineCode, message: "Your card was declined." });
  });

  it("4100000000000019 (pm_card_chargeDeclinedFraudulent): blocked as fraudulent, a blocked charge recorded", async () => {
    for (const pm of [(await card("4100000000000019")).id, "pm_card_chargeDeclinedFraudulent"]) {
      const err = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm, confirm: true, automatic_payment_methods: NO_REDIRECTS }));
      expect(err).toMatchObject({ type: "StripeCardError", statusCode: 402, code: "card_declined", decline_code: "fraudulent", message: "Your card was declined." });
      const charge = await h.stripe.charges.retrieve(err.charge!);
      expect(charge).toMatchObject({ status: "failed", failure_code: "card_declined" });
      expect(charge.outcome).toMatchObject({ type: "blocked", risk_level: "highest", network_status: "not_sent_to_network" });
      expect(charge.payment_method_details?.card?.brand).toBe("visa");
    }
  });

  it("4000008260003178: 3-D Secure first, then insufficient_funds", async () => {
    const pm = await card("4000008260003178");
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(pi.status).toBe("requires_action");
    const after = await h.helper<{ status: string; last_payment_error: { code: string; decline_code: string } }>(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome: "complete" });
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error).toMatchObject({ code: "card_declined", decline_code: "insufficient_funds" });
  });

  it("a Luhn-valid number that is not a test card is declined as a live card", async () => {
    const err = await stripeError(card("4111111111111111"));
    expect(err).toMatchObject({ type: "StripeCardError", statusCode: 402, code: "card_declined", decline_code: "test_mode_live_card" });
    expect(err.message).toMatch(/^Your card was declined\. Your request was in test mode, but used a non test \(live\) card\./);
    expect((await card("378282246310005")).card?.brand).toBe("amex");
  });

  it("4000002500003155 authenticated on-session for future use succeeds off-session at renewal", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await card("4000002500003155");
    const first = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, setup_future_usage: "off_session", confirm: true, automatic_payment_methods: NO_REDIRECTS });
    expect(first.status).toBe("requires_action");
    await h.helper(`/_emulator/payment_intents/${first.id}/three_d_secure`, { outcome: "complete" });
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const renewal = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
    expect(renewal.status).toBe("succeeded");
  });

  it("4000002500003155 never authenticated is still declined off-session (authentication_required)", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach((await card("4000002500003155")).id, { customer: customer.id });
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true }));
    expect(err).toMatchObject({ statusCode: 402, code: "authentication_required" });
  });
});
