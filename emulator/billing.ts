/**
 * Subscriptions and their invoices: items and periods, the invoice each period produces (with the
 * PaymentIntent that pays it), what a paid or failed payment does to the invoice and the
 * subscription, and cancellation. Charging is the card network's (card-network.ts), which reports
 * the outcome of an invoice's PaymentIntent here (`invoicePaid`, `invoiceAttemptFailed`).
 */
import type Stripe from "stripe";
import { wireDecimal } from "./catalog";
import type { Engine } from "./engine";
import { invalidRequest, missing } from "./errors";
import { formatMoney } from "./money";
import { createPaymentIntent } from "./payment-intents";
import { lineFromInvoiceItem, pendingItems, subscriptionLine } from "./prorations";
import { newId, nowSeconds, randomId, type Obj } from "./store";

/** The emulated account's name, on invoices and receipts. */
export const ACCOUNT_NAME = "Cashline (emulated)";

export type BillingReason = "subscription_create" | "subscription_cycle" | "subscription_update";

export function subscriptionItem(e: Engine, subId: string, price: Obj, quantity: number, start: number, end: number, metadata?: Record<string, string> | null): Obj {
  const item: Stripe.SubscriptionItem = {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: nowSeconds(),
    current_period_end: end,
    current_period_start: start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price: structuredClone(price) as Stripe.Price,
    quantity,
    subscription: subId,
    tax_rates: [],
  };
  e.applyMetadata(item, metadata);
  return item;
}

export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string> | null;
}

/** One checked change of a subscription's items, with its price looked up. */
export type ItemChangePlan =
  | { kind: "delete"; id: string }
  | { kind: "change"; id: string; price: Obj | null; quantity?: number; metadata?: Record<string, string> | null }
  | { kind: "add"; price: Obj; quantity: number; metadata?: Record<string, string> | null };

/**
 * Check `items[]` of a subscription update, changing nothing: each names an item (`id`, to change
 * or with `deleted` remove) or adds a `price`; at least one item must remain.
 */
export function planItemChanges(e: Engine, sub: Obj, changes: ItemChange[], param = "items"): ItemChangePlan[] {
  const remaining: string[] = sub.items.data.map((si: Obj) => si.id);
  const plan = changes.map((change, i): ItemChangePlan => {
    const priceOf = (id: string) => e.get(id, "price", `${param}[${i}][price]`);
    if (change.id) {
      if (!remaining.includes(change.id)) throw missing("subscription_item", change.id, `${param}[${i}][id]`);
      if (change.deleted) {
        remaining.splice(remaining.indexOf(change.id), 1);
        return { kind: "delete", id: change.id };
      }
      return { kind: "change", id: change.id, price: change.price ? priceOf(change.price) : null, quantity: change.quantity, metadata: change.metadata };
    }
    if (!change.price) throw invalidRequest(`Missing required param: items[${i}][price].`, `${param}[${i}][price]`, "parameter_missing");
    remaining.push("(new)");
    return { kind: "add", price: priceOf(change.price), quantity: change.quantity ?? 1, metadata: change.metadata };
  });
  if (remaining.length === 0) throw invalidRequest("A subscription must have at least one active plan.", param);
  return plan;
}

/**
 * Apply checked item changes (see `planItemChanges`). New items share the first item's period.
 * With `persist: false` only `sub` (a copy, for a preview) changes, nothing is stored.
 */
export function applyItemChanges(e: Engine, sub: Obj, plan: ItemChangePlan[], persist = true): void {
  const first = sub.items.data[0];
  for (const change of plan) {
    if (change.kind === "add") {
      const si = subscriptionItem(e, sub.id, change.price, change.quantity, first?.current_period_start ?? nowSeconds(), first?.current_period_end ?? nowSeconds(), change.metadata);
      sub.items.data.push(si);
      if (persist) e.insert(si);
      continue;
    }
    const idx = sub.items.data.findIndex((si: Obj) => si.id === change.id);
    const si = sub.items.data[idx];
    if (change.kind === "delete") {
      sub.items.data.splice(idx, 1);
      if (persist) e.store.get(si.id)!.deleted = true;
      continue;
    }
    if (change.price) {
      si.price = structuredClone(change.price);
      si.plan = planFromPrice(change.price);
    }
    if (change.quantity) si.quantity = change.quantity;
    e.applyMetadata(si, change.metadata);
    if (persist) e.store.set(si);
  }
  sub.items.total_count = sub.items.data.length;
}

export function periodEnd(sub: Obj): number {
  return Math.max(...sub.items.data.map((si: Obj) => si.current_period_end));
}

export function subtotal(sub: Obj): number {
  return sub.items.data.reduce((sum: number, si: Obj) => sum + si.price.unit_amount * (si.quantity ?? 1), 0);
}

export function invoiceSubscription(e: Engine, invoice: Obj): Obj | undefined {
  const subId = invoice.parent?.subscription_details?.subscription;
  return subId ? e.store.get(subId) : undefined;
}

/**
 * The invoice for one period of `sub` (its pending invoice items first, prorations say, then each
 * item for the period), finalized at once, with the PaymentIntent that pays it (none when free).
 */
export function createSubscriptionInvoice(e: Engine, sub: Obj, reason: BillingReason, start: number, end: number, opts: { trial?: boolean } = {}): { invoice: Obj; pi: Obj | null } {
  const id = newId("in");
  const pending = reason === "subscription_create" ? [] : pendingItems(e, sub.id);
  const lines = [...pending.map((ii) => lineFromInvoiceItem(ii, id)), ...sub.items.data.map((si: Obj) => invoiceLine(e, sub, si, id, start, end, opts.trial === true))];
  const invoice = draftInvoice(e, sub, reason, lines, { id, periodStart: start, periodEnd: start });
  return openInvoice(e, sub, invoice, pending);
}

/** The invoice of `items` (prorations of an `always_invoice` update) alone, finalized at once, as `createSubscriptionInvoice`. */
export function createItemsInvoice(e: Engine, sub: Obj, items: Obj[], at: number): { invoice: Obj; pi: Obj | null } {
  const id = newId("in");
  const invoice = draftInvoice(e, sub, "subscription_update", items.map((ii) => lineFromInvoiceItem(ii, id)), { id, periodStart: at, periodEnd: at });
  return openInvoice(e, sub, invoice, items);
}

/**
 * A draft invoice of `lines` for `sub`, not stored: what `openInvoice` finalizes, and what
 * `invoices.createPreview` answers (`preview`: an `upcoming_in_` id, no number, no page). The
 * customer's balance applies: a credit lowers the amount due, a negative total becomes credit.
 */
export function draftInvoice(
  e: Engine,
  sub: Obj,
  reason: BillingReason,
  lines: Obj[],
  o: { id: string; periodStart: number; periodEnd: number; created?: number; preview?: boolean; prorationDate?: number },
): Stripe.Invoice {
  const customer = e.store.get(sub.customer)!;
  const id = o.id;
  const created = o.created ?? nowSeconds();
  const total = lines.reduce((s: number, l: Obj) => s + l.amount, 0);
  const startingBalance: number = customer.balance ?? 0;
  const due = Math.max(0, total + startingBalance);
  const payments: Stripe.ApiList<Stripe.InvoicePayment> = { object: "list", data: [], has_more: false, url: "/v1/invoice_payments" };
  const details: Stripe.Invoice.Parent.SubscriptionDetails = { metadata: structuredClone(sub.metadata), subscription: sub.id };
  if (o.prorationDate !== undefined) details.subscription_proration_date = o.prorationDate;
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: ACCOUNT_NAME,
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: !o.preview,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: reason,
    collection_method: "charge_automatically",
    confirmation_secret: null,
    created,
    currency: sub.currency,
    custom_fields: null,
    customer: sub.customer,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: customer.shipping ?? null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: o.preview ? null : created,
    ending_balance: o.preview ? null : Math.min(0, total + startingBalance),
    footer: null,
    from_invoice: null,
    hosted_invoice_url: o.preview ? null : `${e.baseUrl()}/_emulator/invoices/${id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines as Stripe.InvoiceLineItem[], has_more: false, url: o.preview ? "/v1/invoices/upcoming/lines" : `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: o.preview ? created : null,
    number: o.preview ? null : e.store.nextInvoiceNumber(),
    on_behalf_of: null,
    parent: { quote_details: null, subscription_details: details, type: "subscription_details" },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments,
    period_end: o.periodEnd,
    period_start: o.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: o.preview ? null : created,
  };
}

/**
 * Store and finalize a draft from `draftInvoice`: its invoice items are now on it, the customer's
 * balance is what the invoice leaves, and an amount due gets the PaymentIntent that pays it.
 */
function openInvoice(e: Engine, sub: Obj, invoice: Stripe.Invoice, items: Obj[]): { invoice: Obj; pi: Obj | null } {
  const id = invoice.id;
  const created = invoice.created;
  const payments = invoice.payments!;
  const total = invoice.amount_due;
  e.insert(invoice);
  for (const ii of items) {
    ii.invoice = id;
    e.store.set(ii);
  }
  sub.latest_invoice = id;
  e.emit("invoice.created", invoice);
  // Finalize: an open invoice with its PaymentIntent.
  invoice.status = "open";
  invoice.status_transitions.finalized_at = created;
  if (invoice.starting_balance !== 0 || (invoice.ending_balance ?? 0) !== 0) {
    const customer = e.store.get(sub.customer)!;
    customer.balance = invoice.ending_balance ?? 0;
    e.store.set(customer);
  }
  let pi: Obj | null = null;
  if (total > 0) {
    pi = createPaymentIntent(e, {
      amount: total,
      currency: sub.currency,
      customer: sub.customer,
      description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
      setup_future_usage: "off_session",
      capture_method: "automatic",
      payment_method_types: ["card"],
      invoice: id,
    });
    invoice.confirmation_secret = { client_secret: pi.client_secret, type: "payment_intent" };
    payments.data.push({
      id: `inpay_${randomId(24)}`,
      object: "invoice_payment",
      amount_paid: null,
      amount_requested: total,
      created,
      currency: sub.currency,
      invoice: id,
      is_default: true,
      livemode: false,
      payment: { payment_intent: pi.id, type: "payment_intent" },
      status: "open",
      status_transitions: { canceled_at: null, paid_at: null },
    });
    e.emit("payment_intent.created", pi);
  }
  e.touch();
  e.emit("invoice.finalized", invoice, { status: "draft" });
  return { invoice, pi };
}

/** A line of the invoice for item `si` over a period; a trial's line is free. */
export function invoiceLine(e: Engine, sub: Obj, si: Obj, invoiceId: string, start: number, end: number, trial: boolean): Obj {
  const product = e.store.get(si.price.product);
  const qty = si.quantity ?? 1;
  return subscriptionLine({
    amount: trial ? 0 : si.price.unit_amount * qty,
    currency: sub.currency,
    description: trial
      ? `Trial period for ${product?.name ?? "Subscription"}`
      : `${qty} × ${product?.name ?? "Subscription"} (at ${formatMoney(si.price.unit_amount, sub.currency)} / ${si.price.recurring.interval})`,
    discountable: true,
    invoiceId,
    invoiceItem: null,
    proration: false,
    credited: null,
    subscription: sub.id,
    subscriptionItem: si.id,
    period: { end, start },
    pricing: { price_details: { price: si.price.id, product: si.price.product }, type: "price_details", unit_amount_decimal: wireDecimal(si.price.unit_amount) },
    quantity: qty,
  });
}

/** An invoice's PaymentIntent keeps the invoice's amount (Stripe forbids changing it). */
export function checkInvoiceAmountUnchanged(e: Engine, pi: Obj): void {
  if (e.meta(pi.id).invoice) throw invalidRequest("You cannot update the amount of a PaymentIntent created by an invoice.", "amount");
}

/** The invoice is paid (by `pi`, or out of band): it says so, and its subscription becomes active. */
export function invoicePaid(e: Engine, invoice: Obj, pi: Obj | null): void {
  if (invoice.status === "paid") return;
  const now = nowSeconds();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = invoice.amount_due > 0 || invoice.attempted;
  if (pi) invoice.attempt_count += 1;
  invoice.status_transitions.paid_at = now;
  invoice.next_payment_attempt = null;
  for (const payment of invoice.payments?.data ?? []) {
    if (pi && payment.payment.payment_intent === pi.id) {
      payment.status = "paid";
      payment.amount_paid = pi.amount_received;
      payment.status_transitions.paid_at = now;
    }
  }
  e.touch();
  e.emit("invoice.paid", invoice, { status: "open", amount_paid: 0, amount_remaining: invoice.amount_due });
  e.emit("invoice.payment_succeeded", invoice);
  const sub = invoiceSubscription(e, invoice);
  if (!sub) return;
  const prev: Obj = {};
  // A trial ends with its first paid renewal.
  if (sub.status === "incomplete" || sub.status === "past_due" || sub.status === "unpaid" || (sub.status === "trialing" && invoice.billing_reason === "subscription_cycle")) {
    prev.status = sub.status;
    sub.status = "active";
  }
  if (pi?.payment_method && !sub.default_payment_method && sub.payment_settings?.save_default_payment_method === "on_subscription") {
    prev.default_payment_method = null;
    sub.default_payment_method = pi.payment_method;
  }
  if (Object.keys(prev).length) {
    e.touch();
    e.emit("customer.subscription.updated", sub, prev);
  }
}

/** A payment attempt on an invoice's PaymentIntent failed: counted, announced; a renewal (or a plan change invoiced at once) goes past_due. */
export function invoiceAttemptFailed(e: Engine, pi: Obj): void {
  invoiceAttemptUnpaid(e, pi, "invoice.payment_failed");
}

/** An invoice's PaymentIntent needs the customer to authenticate (3-D Secure): counted, announced; a renewal (or a plan change invoiced at once) goes past_due. */
export function invoiceActionRequired(e: Engine, pi: Obj): void {
  invoiceAttemptUnpaid(e, pi, "invoice.payment_action_required");
}

function invoiceAttemptUnpaid(e: Engine, pi: Obj, event: "invoice.payment_failed" | "invoice.payment_action_required"): void {
  const invoiceId = e.meta(pi.id).invoice;
  if (!invoiceId) return;
  const invoice = e.store.get(invoiceId);
  if (!invoice || invoice.status !== "open") return;
  invoice.attempted = true;
  invoice.attempt_count += 1;
  e.touch();
  e.emit(event, invoice);
  const sub = invoiceSubscription(e, invoice);
  // A renewal, or a plan change invoiced at once (`always_invoice`, payment_behavior=allow_incomplete), that went unpaid.
  if (sub && (sub.status === "active" || sub.status === "trialing") && (invoice.billing_reason === "subscription_cycle" || invoice.billing_reason === "subscription_update")) {
    const prev = sub.status;
    sub.status = "past_due";
    e.emit("customer.subscription.updated", sub, { status: prev });
  }
}

export function isEnded(sub: Obj): boolean {
  return sub.status === "canceled" || sub.status === "incomplete_expired";
}

export function cancelSubscription(e: Engine, sub: Obj, reason: string, details?: { comment?: string; feedback?: string }): void {
  const prev = { status: sub.status, canceled_at: null, ended_at: null };
  const now = nowSeconds();
  sub.status = "canceled";
  sub.canceled_at = now;
  sub.ended_at = now;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = { comment: details?.comment ?? null, feedback: details?.feedback ?? null, reason };
  // The open invoice of an incomplete subscription is voided with it.
  const latest = sub.latest_invoice ? e.store.get(sub.latest_invoice) : undefined;
  if (latest && latest.status === "open" && prev.status === "incomplete") {
    latest.status = "void";
    latest.status_transitions.voided_at = now;
    e.emit("invoice.voided", latest, { status: "open" });
  }
  e.touch();
  e.emit("customer.subscription.deleted", sub, prev);
}

function planFromPrice(price: Obj): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: wireDecimal(price.unit_amount),
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring.interval,
    interval_count: price.recurring.interval_count,
    livemode: false,
    metadata: structuredClone(price.metadata),
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function addInterval(from: number, interval: string, count = 1): number {
  const d = new Date(from * 1000);
  switch (interval) {
    case "day":
      d.setUTCDate(d.getUTCDate() + count);
      break;
    case "week":
      d.setUTCDate(d.getUTCDate() + 7 * count);
      break;
    case "month": {
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + count);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      break;
    }
    case "year":
      d.setUTCFullYear(d.getUTCFullYear() + count);
      break;
  }
  return Math.floor(d.getTime() / 1000);
}
