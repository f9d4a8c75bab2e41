import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, stripeError, type AdvanceResult, type Harness } from "./helpers";

let h: Harness;
let basic: Stripe.Price;
let pro: Stripe.Price;
beforeAll(async () => {
  h = await startHarness();
  basic = await h.stripe.prices.create({ product_data: { name: "Basic" }, unit_amount: 900, currency: "usd", recurring: { interval: "month" } });
  pro = await h.stripe.prices.create({ product_data: { name: "Pro" }, unit_amount: 2900, currency: "usd", recurring: { interval: "month" } });
});
afterAll(async () => {
  await h.emulator.close();
});

const DAY = 86400;

/** An active subscription paid with a Visa; `failNext`: the card declines its next charge. */
async function activeOn(price: Stripe.Price, failNext = false) {
  const customer = await h.stripe.customers.create({ email: "prorate@example.com" });
  const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
  expect(sub.status).toBe("active");
  if (failNext) await h.helper(`/_emulator/payment_methods/${pm.id}/fail_next`);
  const item = sub.items.data[0];
  return { customer, sub, item, start: item.current_period_start, end: item.current_period_end };
}

/** Stripe's rule: the part of the period left after `at`, of `amount`, to the second, rounded to the minor unit. */
const part = (amount: number, at: number, start: number, end: number) => Math.round((amount * (end - at)) / (end - start));
const prorationLines = (invoice: Stripe.Invoice) => invoice.lines.data.filter((l) => l.parent?.subscription_item_details?.proration);

describe("prorations", () => {
  it("create_prorations: preview and update agree to the cent; the items wait for the next invoice, which charges them", async () => {
    const { customer, sub, item, start, end } = await activeOn(basic);
    await h.helper("/_emulator/clock/advance", { seconds: 10 * DAY });
    const at = start + 10 * DAY + 1234;
    const credit = -part(900, at, start, end);
    const charge = part(2900, at, start, end);

    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: pro.id }], proration_date: at },
    });
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ object: "invoice", status: "draft", number: null, billing_reason: "subscription_cycle", amount_due: credit + charge + 2900, total: credit + charge + 2900 });
    expect(preview.parent?.subscription_details).toMatchObject({ subscription: sub.id, subscription_proration_date: at });
    expect(prorationLines(preview).map((l) => [l.amount, l.description, l.period])).toEqual([
      [credit, expect.stringMatching(/^Unused time on Basic after /), { start: at, end }],
      [charge, expect.stringMatching(/^Remaining time on Pro after /), { start: at, end }],
    ]);
    // A preview changes nothing and is not listed.
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe(basic.id);
    expect((await h.stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
    expect((await h.stripe.invoiceItems.list({ customer: customer.id })).data).toHaveLength(0);

    const updated = await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_date: at });
    expect(updated.items.data[0].price.id).toBe(pro.id);
    expect(updated.latest_invoice).toBe(sub.latest_invoice);
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((ii) => [ii.amount, ii.proration, ii.invoice, (ii.pricing?.price_details?.price as string) ?? null]).sort()).toEqual(
      [
        [credit, true, null, basic.id],
        [charge, true, null, pro.id],
      ].sort(),
    );
    const creditItem = pending.data.find((ii) => ii.amount < 0)!;
    expect(creditItem).toMatchObject({ object: "invoiceitem", period: { start: at, end }, parent: { type: "subscription_details", subscription_details: { subscription: sub.id, subscription_item: item.id } } });
    expect(creditItem.proration_details?.credited_items).toMatchObject({ type: "invoice_line_items", invoice_line_item_details: { invoice: sub.latest_invoice } });

    const next = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(next.invoice).toMatchObject({ status: "paid", amount_paid: preview.amount_due, billing_reason: "subscription_cycle" });
    const lines = next.invoice!.lines.data;
    expect(lines.map((l) => [l.amount, l.parent?.subscription_item_details?.proration])).toEqual([...prorationLines(preview).map((l) => [l.amount, true]), [2900, false]]);
    expect(lines[0].parent?.subscription_item_details?.invoice_item).toMatch(/^ii_/);
    expect(lines[0]).toMatchObject({ subtotal: lines[0].amount, pricing: { type: "price_details" }, subscription: sub.id });
    expect((await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);
  });

  it("always_invoice: the prorations are invoiced and charged at once; a downgrade credit goes to the next invoice", async () => {
    const { customer, sub, item, start, end } = await activeOn(basic);
    await h.helper("/_emulator/clock/advance", { seconds: 3 * DAY });
    const preview = await h.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: pro.id }], proration_behavior: "always_invoice" },
    });
    const at = preview.parent!.subscription_details!.subscription_proration_date!;
    expect(at).toBeGreaterThanOrEqual(start);
    const due = part(2900, at, start, end) - part(900, at, start, end);
    expect(preview).toMatchObject({ billing_reason: "subscription_update", amount_due: due });
    expect(preview.lines.data).toHaveLength(2);

    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: pro.id }],
      proration_behavior: "always_invoice",
      proration_date: at,
      expand: ["latest_invoice"],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(updated.status).toBe("active");
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_update", amount_paid: preview.amount_due, period_start: at, period_end: at });
    expect(await h.eventTypesFor(invoice.id)).toEqual(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
    expect((await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);

    // Back down to Basic a day later, prorated onto the next invoice.
    const later = at + DAY;
    const credit = part(900, later, start, end) - part(2900, later, start, end);
    const down = await h.stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { items: [{ id: item.id, price: basic.id }], proration_date: later } });
    expect(prorationLines(down).reduce((s, l) => s + l.amount, 0)).toBe(credit);
    expect(down.amount_due).toBe(Math.max(0, 900 + credit));
    await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: basic.id }], proration_date: later });
    const next = await h.helper<AdvanceResult>(`/_emulator/subscriptions/${sub.id}/advance`);
    expect(next.invoice).toMatchObject({ total: 900 + credit, amount_due: down.amount_due });
  });

  it("always_invoice with a card that declines: the invoice stays open and the subscription past_due, until it is paid", async () => {
    const { sub, item } = await activeOn(basic, true);
    const updated = await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_behavior: "always_invoice", expand: ["latest_invoice"] });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(updated).toMatchObject({ status: "past_due" });
    expect(updated.items.data[0].price.id).toBe(pro.id);
    expect(invoice).toMatchObject({ status: "open", billing_reason: "subscription_update", attempted: true });
    expect(await h.eventTypesFor(invoice.id)).toContain("invoice.payment_failed");
    const paid = await h.stripe.invoices.pay(invoice.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("always_invoice with a card that needs 3-D Secure: the payment waits for the challenge, past_due until it is completed", async () => {
    const customer = await h.stripe.customers.create({ email: "prorate-3ds@example.com" });
    const pm = await h.stripe.paymentMethods.attach("pm_card_threeDSecure2Required", { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }], default_payment_method: pm.id, expand: ["latest_invoice.payments"] });
    const first = (sub.latest_invoice as Stripe.Invoice).payments!.data[0].payment.payment_intent as string;
    await h.helper(`/_emulator/payment_intents/${first}/three_d_secure`, { outcome: "complete" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: pro.id }],
      proration_behavior: "always_invoice",
      expand: ["latest_invoice.payments"],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    const pi = await h.stripe.paymentIntents.retrieve(invoice.payments!.data[0].payment.payment_intent as string);
    expect(updated.status).toBe("past_due");
    expect(invoice.status).toBe("open");
    expect(pi.status).toBe("requires_action");
    expect(await h.eventTypesFor(invoice.id)).toContain("invoice.payment_action_required");
    await h.helper(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome: "complete" });
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("error_if_incomplete refuses a charge that would fail with the 402, changing nothing; none makes no prorations", async () => {
    const { customer, sub, item } = await activeOn(basic, true);
    const err = await stripeError(h.raw.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_behavior: "always_invoice", payment_behavior: "error_if_incomplete" }));
    expect(err).toMatchObject({ statusCode: 402, type: "StripeCardError" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe(basic.id);
    expect((await h.stripe.invoiceItems.list({ customer: customer.id })).data).toHaveLength(0);

    await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_behavior: "none" });
    expect((await h.stripe.invoiceItems.list({ customer: customer.id })).data).toHaveLength(0);
    const preview = await h.stripe.invoices.createPreview({ subscription: sub.id });
    expect(preview).toMatchObject({ amount_due: 2900, billing_reason: "subscription_cycle" });
  });

  it("an added item is charged for the rest of the period, naming the item as stored", async () => {
    const { customer, sub, start, end } = await activeOn(basic);
    const at = start + 7 * DAY;
    const updated = await h.stripe.subscriptions.update(sub.id, { items: [{ price: pro.id, quantity: 2 }], proration_date: at });
    const added = updated.items.data.find((si) => si.price.id === pro.id)!;
    const [item] = (await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    expect(item).toMatchObject({ amount: part(2 * 2900, at, start, end), quantity: 2, proration: true, parent: { subscription_details: { subscription_item: added.id } } });
    expect(item.description).toMatch(/^Remaining time on 2 × Pro after /);
  });

  it("refuses bad input before changing anything, naming the param", async () => {
    const { customer, sub, item, start, end } = await activeOn(basic);
    const outside = await stripeError(h.raw.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_date: end + 10 }));
    expect(outside).toMatchObject({ statusCode: 400, param: "proration_date" });
    const before = await stripeError(h.raw.invoices.createPreview({ subscription: sub.id, subscription_details: { items: [{ id: item.id, price: pro.id }], proration_date: start - 1 } }));
    expect(before).toMatchObject({ statusCode: 400, param: "subscription_details[proration_date]" });
    const behaviour = await stripeError(h.raw.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], proration_behavior: "sometimes" as "none" }));
    expect(behaviour).toMatchObject({ statusCode: 400, param: "proration_behavior" });
    const pending = await stripeError(h.raw.subscriptions.update(sub.id, { items: [{ id: item.id, price: pro.id }], payment_behavior: "pending_if_incomplete" }));
    expect(pending).toMatchObject({ statusCode: 400, param: "payment_behavior" });
    const price = await stripeError(h.raw.invoices.createPreview({ subscription: sub.id, subscription_details: { items: [{ id: item.id, price: "price_nope" }] } }));
    expect(price).toMatchObject({ statusCode: 400, code: "resource_missing", param: "subscription_details[items][0][price]" });
    expect(await stripeError(h.raw.invoices.createPreview({}))).toMatchObject({ statusCode: 400, param: "customer" });
    expect(await stripeError(h.raw.invoices.createPreview({ subscription: "sub_nope" }))).toMatchObject({ statusCode: 400, code: "resource_missing", param: "subscription" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe(basic.id);
    expect((await h.stripe.invoiceItems.list({ customer: customer.id })).data).toHaveLength(0);
  });
});
