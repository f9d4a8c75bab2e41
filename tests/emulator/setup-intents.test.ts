/** SetupIntents through the official SDK: saving a card without paying, 3-D Secure on setup, declines, the publishable-key calls Stripe.js makes. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { futureYear, startHarness, stripeError, type Harness } from "./helpers";

let h: Harness;
let pk: Stripe;
beforeAll(async () => {
  h = await startHarness();
  pk = new Stripe("pk_test_conformance", { host: "127.0.0.1", port: h.emulator.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(async () => {
  await h.emulator.close();
});

const eventTypesFor = (id: string) => h.eventTypesFor(id);

async function card(number: string): Promise<Stripe.PaymentMethod> {
  return h.stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: futureYear, cvc: "123" } });
}

describe("setup intents", () => {
  it("create → confirm with a card: succeeded, the card attached to the customer, events sent", async () => {
    const customer = await h.stripe.customers.create({ email: "save@example.com" });
    const si = await h.stripe.setupIntents.create({ customer: customer.id, metadata: { order: "42" } });
    expect(si).toMatchObject({
      object: "setup_intent",
      status: "requires_payment_method",
      usage: "off_session",
      customer: customer.id,
      payment_method: null,
      payment_method_types: ["card"],
      automatic_payment_methods: { enabled: true, allow_redirects: "always" },
      metadata: { order: "42" },
      last_setup_error: null,
      next_action: null,
      livemode: false,
    });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));

    const pm = await card("4242424242424242");
    const confirmed = await h.stripe.setupIntents.confirm(si.id, { payment_method: pm.id });
    expect(confirmed.status).toBe("succeeded");
    expect(confirmed.payment_method).toBe(pm.id);
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const listed = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((p) => p.id)).toContain(pm.id);
    expect(await eventTypesFor(si.id)).toEqual(["setup_intent.created", "setup_intent.succeeded"]);
    expect(await eventTypesFor(pm.id)).toContain("payment_method.attached");

    // A saved card: a later off-session payment needs nothing from the customer.
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd", customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
    expect(pi.status).toBe("succeeded");
  });

  it("create with confirm and payment_method_types; on_session usage; retrieve, update, list", async () => {
    const customer = await h.stripe.customers.create();
    const si = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", allowed_payment_method_types: ["card"], usage: "on_session", confirm: true });
    expect(si).toMatchObject({ status: "succeeded", usage: "on_session", automatic_payment_methods: null, allowed_payment_method_types: ["card"], payment_method_types: ["card"] });
    expect(si.payment_method).toMatch(/^pm_/);

    const other = await h.stripe.setupIntents.create({ description: "later" });
    const updated = await h.stripe.setupIntents.update(other.id, { customer: customer.id, payment_method: "pm_card_mastercard", metadata: { k: "v" } });
    expect(updated).toMatchObject({ status: "requires_confirmation", customer: customer.id, description: "later", metadata: { k: "v" } });
    const retrieved = await h.stripe.setupIntents.retrieve(other.id, { expand: ["payment_method", "customer"] });
    expect((retrieved.payment_method as Stripe.PaymentMethod).card?.brand).toBe("mastercard");
    expect((retrieved.customer as Stripe.Customer).id).toBe(customer.id);

    const list = await h.stripe.setupIntents.list({ customer: customer.id });
    expect(list.data.map((s) => s.id)).toEqual([other.id, si.id]);
    const page = await h.stripe.setupIntents.list({ customer: customer.id, limit: 1, starting_after: other.id });
    expect(page.data.map((s) => s.id)).toEqual([si.id]);
  });

  it("a declined card: requires_payment_method with last_setup_error, setup_intent.setup_failed, a 402 carrying the intent", async () => {
    const customer = await h.stripe.customers.create();
    const si = await h.stripe.setupIntents.create({ customer: customer.id });
    const pm = await card("4000000000000002");
    const err = await stripeError(h.raw.setupIntents.confirm(si.id, { payment_method: pm.id }));
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe("StripeCardError");
    expect(err.code).toBe("card_declined");
    expect(err.decline_code).toBe("generic_decline");
    expect((err.raw as { setup_intent?: Stripe.SetupIntent }).setup_intent?.id).toBe(si.id);
    const after = await h.stripe.setupIntents.retrieve(si.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.payment_method).toBeNull();
    expect(after.last_setup_error).toMatchObject({ code: "card_declined", decline_code: "generic_decline", type: "card_error", message: "Your card was declined." });
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    expect(await eventTypesFor(si.id)).toEqual(["setup_intent.created", "setup_intent.setup_failed"]);

    // Another card on the same intent succeeds.
    const retried = await h.stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" });
    expect(retried.status).toBe("succeeded");
    expect(retried.last_setup_error).toBeNull();
  });

  it("4000 0025 0000 3155 requires 3-D Secure on setup; once completed, off-session payments need none", async () => {
    const customer = await h.stripe.customers.create();
    const pm = await card("4000002500003155");
    const si = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true });
    expect(si.status).toBe("requires_action");
    expect(si.next_action?.type).toBe("use_stripe_sdk");
    const done = await h.helper<Stripe.SetupIntent>(`/_emulator/setup_intents/${si.id}/three_d_secure`, { outcome: "complete" });
    expect(done.status).toBe("succeeded");
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    expect(await eventTypesFor(si.id)).toEqual(["setup_intent.created", "setup_intent.requires_action", "setup_intent.succeeded"]);
    const pi = await h.stripe.paymentIntents.create({ amount: 2500, currency: "usd", customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
    expect(pi.status).toBe("succeeded");
  });

  it("a card saved by a SetupIntent for a customer is that customer's: other payments may not use it", async () => {
    const [owner, other] = [await h.stripe.customers.create(), await h.stripe.customers.create()];
    const pm = await card("4242424242424242");
    await h.stripe.setupIntents.create({ customer: owner.id, payment_method: pm.id, confirm: true });
    const withoutCustomer = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, off_session: true }));
    expect(withoutCustomer).toMatchObject({ statusCode: 400, param: "payment_method" });
    const forOther = await stripeError(h.raw.paymentIntents.create({ amount: 1000, currency: "usd", customer: other.id, payment_method: pm.id, confirm: true, off_session: true }));
    expect(forOther).toMatchObject({ statusCode: 400, param: "payment_method" });
    const otherSetup = await stripeError(h.raw.setupIntents.create({ customer: other.id, payment_method: pm.id }));
    expect(otherSetup).toMatchObject({ statusCode: 400, param: "payment_method" });
  });

  it("a one-off payment method already used by a payment cannot be set up", async () => {
    const customer = await h.stripe.customers.create();
    const pm = await card("4242424242424242");
    await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    const before = (await h.stripe.setupIntents.list({ customer: customer.id })).data.length;
    const err = await stripeError(h.raw.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true }));
    expect(err).toMatchObject({ statusCode: 400, param: "payment_method" });
    expect((await h.stripe.setupIntents.list({ customer: customer.id })).data.length).toBe(before);
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
  });

  it("4000 0082 6000 3178 asks for 3-D Secure on setup too (its decline comes at payment)", async () => {
    const customer = await h.stripe.customers.create();
    const pm = await card("4000008260003178");
    const si = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true });
    expect(si.status).toBe("requires_action");
    const done = await h.helper<Stripe.SetupIntent>(`/_emulator/setup_intents/${si.id}/three_d_secure`, { outcome: "complete" });
    expect(done.status).toBe("succeeded");
  });

  it("4000 0027 6000 3184 still needs authentication off-session after setup; a failed challenge is setup_intent_authentication_failure", async () => {
    const customer = await h.stripe.customers.create();
    const pm = await card("4000002760003184");
    const si = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, return_url: "https://shop.example/saved" });
    expect(si.status).toBe("requires_action");
    expect(si.next_action?.type).toBe("redirect_to_url");
    expect(si.next_action?.redirect_to_url?.url).toContain(`/_emulator/3ds/${si.id}`);
    const page = await fetch(si.next_action!.redirect_to_url!.url!);
    expect(await page.text()).toContain("3D Secure 2 Test Page");
    await h.helper(`/_emulator/setup_intents/${si.id}/three_d_secure`, { outcome: "complete" });
    const err = await stripeError(h.raw.paymentIntents.create({ amount: 2500, currency: "usd", customer: customer.id, payment_method: pm.id, off_session: true, confirm: true }));
    expect(err.code).toBe("authentication_required");

    const again = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: (await card("4000002760003184")).id, confirm: true });
    const failed = await h.helper<Stripe.SetupIntent>(`/_emulator/setup_intents/${again.id}/three_d_secure`, { outcome: "fail" });
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_setup_error?.code).toBe("setup_intent_authentication_failure");
    expect(await eventTypesFor(again.id)).toEqual(["setup_intent.created", "setup_intent.requires_action", "setup_intent.setup_failed"]);
  });

  it("cancel; then confirm and update are refused with setup_intent_unexpected_state", async () => {
    const si = await h.stripe.setupIntents.create({});
    const canceled = await h.stripe.setupIntents.cancel(si.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    const err = await stripeError(h.raw.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("setup_intent_unexpected_state");
    expect(err.message).toBe("You cannot confirm this SetupIntent because it has a status of canceled.");
    expect((await stripeError(h.raw.setupIntents.cancel(si.id))).code).toBe("setup_intent_unexpected_state");
    expect(await eventTypesFor(si.id)).toEqual(["setup_intent.created", "setup_intent.canceled"]);
  });

  it("validates before it changes anything", async () => {
    const before = (await h.stripe.setupIntents.list({ limit: 100 })).data.length;
    expect((await stripeError(h.raw.setupIntents.create({ customer: "cus_nope" }))).code).toBe("resource_missing");
    expect((await stripeError(h.raw.setupIntents.create({ usage: "sometimes" as "on_session" }))).param).toBe("usage");
    expect((await stripeError(h.raw.setupIntents.create({ allowed_payment_method_types: ["sepa_debit"] }))).code).toBe("payment_method_type_invalid");
    expect((await stripeError(h.raw.setupIntents.create({ allowed_payment_method_types: ["card"], automatic_payment_methods: { enabled: true } }))).param).toBe("automatic_payment_methods");
    // Renamed in the pinned API version: the old name is an unknown parameter.
    expect((await stripeError(h.raw.setupIntents.create({ payment_method_types: ["card"] } as Stripe.SetupIntentCreateParams))).code).toBe("parameter_unknown");
    expect((await stripeError(h.raw.setupIntents.create({ confirm: true }))).code).toBe("setup_intent_unexpected_state");
    expect((await stripeError(h.raw.setupIntents.create({ bogus: 1 } as Stripe.SetupIntentCreateParams))).code).toBe("parameter_unknown");
    const owned = await h.stripe.customers.create();
    const pm = await h.stripe.paymentMethods.attach((await card("4242424242424242")).id, { customer: owned.id });
    const stranger = await h.stripe.customers.create();
    expect((await stripeError(h.raw.setupIntents.create({ customer: stranger.id, payment_method: pm.id }))).param).toBe("payment_method");
    expect((await h.stripe.setupIntents.list({ limit: 100 })).data.length).toBe(before);
    const missing = await stripeError(h.raw.setupIntents.retrieve("seti_nope"));
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toBe("No such setupintent: 'seti_nope'");
  });

  it("publishable key: retrieve and confirm with the client secret (client-safe fields only), nothing else", async () => {
    const customer = await h.stripe.customers.create();
    const si = await h.stripe.setupIntents.create({ customer: customer.id, metadata: { secret: "x" } });
    const seen = await pk.setupIntents.retrieve(si.id, { client_secret: si.client_secret! });
    expect(seen.status).toBe("requires_payment_method");
    expect(seen).not.toHaveProperty("customer");
    expect(seen).not.toHaveProperty("metadata");
    expect((await stripeError(pk.setupIntents.retrieve(si.id))).code).toBe("parameter_missing");
    expect((await stripeError(pk.setupIntents.retrieve(si.id, { client_secret: `${si.id}_secret_wrong` }))).code).toBe("setup_intent_invalid_parameter");
    expect((await stripeError(pk.setupIntents.create({}))).statusCode).toBe(401);
    expect((await stripeError(pk.setupIntents.list())).statusCode).toBe(401);

    const declined = await stripeError(pk.setupIntents.confirm(si.id, { client_secret: si.client_secret!, payment_method_data: { type: "card", card: { number: "4000000000000002", exp_month: 12, exp_year: futureYear, cvc: "123" } } } as Stripe.SetupIntentConfirmParams));
    expect(declined.code).toBe("card_declined");
    expect((declined.raw as { setup_intent?: Record<string, unknown> }).setup_intent).not.toHaveProperty("customer");

    const ok = await pk.setupIntents.confirm(si.id, { client_secret: si.client_secret!, payment_method: "pm_card_visa" } as Stripe.SetupIntentConfirmParams);
    expect(ok.status).toBe("succeeded");
    expect(ok).not.toHaveProperty("customer");
    const full = await h.stripe.setupIntents.retrieve(si.id);
    expect((await h.stripe.paymentMethods.retrieve(full.payment_method as string)).customer).toBe(customer.id);
  });

  it("update card for a subscription: the SetupIntent's payment method becomes the customer's and the subscription's default", async () => {
    const price = await h.stripe.prices.create({ product_data: { name: "Plan" }, unit_amount: 700, currency: "usd", recurring: { interval: "month" } });
    const customer = await h.stripe.customers.create();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: (await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id });
    expect(sub.status).toBe("active");
    const si = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_mastercard", confirm: true });
    const pm = si.payment_method as string;
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm } });
    const updated = await h.stripe.subscriptions.update(sub.id, { default_payment_method: pm });
    expect(updated.default_payment_method).toBe(pm);
    const advanced = await h.helper<{ invoice: Stripe.Invoice }>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(advanced.invoice.status).toBe("paid");
  });
});
