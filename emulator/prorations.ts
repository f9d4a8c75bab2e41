/**
 * Prorations, as Stripe documents them (docs.stripe.com/billing/subscriptions/prorations): when a
 * subscription's items change mid-period, a credit for the unused time on each old price and a
 * charge for the remaining time on each new price, to the second, over the item's current period.
 * They are invoice items (`proration: true`) left pending for the subscription's next invoice,
 * or invoiced at once with `proration_behavior=always_invoice` (emulator/billing.ts).
 */
import type Stripe from "stripe";
import { wireDecimal } from "./catalog";
import type { Engine } from "./engine";
import { invalidRequest } from "./errors";
import { newId, type Obj } from "./store";

export type ProrationBehavior = "create_prorations" | "always_invoice" | "none";

/** The emulator clock now (seconds): what a change without `proration_date` is prorated at. */
export function clockSeconds(e: Engine): number {
  return Math.floor(e.store.now() / 1000);
}

/**
 * The time a change is prorated at: `proration_date` when given (within the current period,
 * else Stripe's 400 naming `param`), else now on the emulator clock (held to the period).
 */
export function prorationTime(e: Engine, sub: Obj, given: number | undefined, param: string): number {
  const first = sub.items.data[0];
  const start: number = first.current_period_start;
  const end: number = first.current_period_end;
  if (given === undefined) return Math.min(Math.max(clockSeconds(e), start), end);
  if (given < start || given > end) {
    throw invalidRequest(`The proration date must be within the subscription's current billing period (${start} to ${end}).`, param);
  }
  return given;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });

function describe(e: Engine, si: Obj, what: "Unused" | "Remaining", at: number): string {
  const product = e.store.get(si.price.product)?.name ?? "Subscription";
  const qty = si.quantity ?? 1;
  return `${what} time on ${qty > 1 ? `${qty} × ` : ""}${product} after ${dateFormat.format(new Date(at * 1000))}`;
}

/** The line of `invoice` that billed item `siId` for its period (what a credit credits), if any. */
function billedLine(e: Engine, sub: Obj, siId: string): { invoice: string; line: string } | null {
  const invoice = sub.latest_invoice ? e.store.get(sub.latest_invoice) : undefined;
  const line = invoice?.lines?.data?.find((l: Obj) => l.parent?.subscription_item_details?.subscription_item === siId && !l.parent.subscription_item_details.proration);
  return invoice && line ? { invoice: invoice.id, line: line.id } : null;
}

function prorationItem(e: Engine, sub: Obj, si: Obj, amount: number, at: number, what: "Unused" | "Remaining"): Stripe.InvoiceItem {
  const qty = si.quantity ?? 1;
  const credited = what === "Unused" ? billedLine(e, sub, si.id) : null;
  return {
    id: newId("ii"),
    object: "invoiceitem",
    amount,
    currency: sub.currency,
    customer: sub.customer,
    customer_account: null,
    date: at,
    description: describe(e, si, what, at),
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    parent: { subscription_details: { subscription: sub.id, subscription_item: si.id }, type: "subscription_details" },
    period: { end: si.current_period_end, start: at },
    pricing: { price_details: { price: si.price.id, product: si.price.product }, type: "price_details", unit_amount_decimal: wireDecimal(amount / qty) },
    proration: true,
    proration_details: {
      credited_items: credited ? { type: "invoice_line_items", invoice_line_item_details: { invoice: credited.invoice, invoice_line_items: [credited.line] } } : null,
      discount_amounts: [],
    },
    quantity: qty,
    quantity_decimal: wireDecimal(qty),
    tax_rates: [],
    test_clock: null,
  };
}

/** `unit × quantity` for the part `(end − at) / (end − start)` of the item's period, rounded to the minor unit. */
function prorated(si: Obj, at: number): number {
  const start: number = si.current_period_start;
  const end: number = si.current_period_end;
  if (end <= start) return 0;
  return Math.round(((si.price.unit_amount as number) * (si.quantity ?? 1) * (end - at)) / (end - start));
}

/**
 * The proration items (not stored) for a change of `sub`'s items from `before` to the
 * subscription's items now: a credit for each old item that changed price or quantity (or went),
 * a charge for each new or changed one. None during a trial (nothing was charged for it).
 */
export function prorationItems(e: Engine, sub: Obj, before: Obj[], at: number): Stripe.InvoiceItem[] {
  if (sub.status === "trialing") return [];
  const after: Obj[] = sub.items.data;
  const items: Stripe.InvoiceItem[] = [];
  const same = (a: Obj, b: Obj) => a.price.id === b.price.id && (a.quantity ?? 1) === (b.quantity ?? 1);
  for (const old of before) {
    const now = after.find((si) => si.id === old.id);
    if (now && same(old, now)) continue;
    const credit = prorated(old, at);
    if (credit !== 0) items.push(prorationItem(e, sub, old, -credit, at, "Unused"));
  }
  for (const now of after) {
    const old = before.find((si) => si.id === now.id);
    if (old && same(old, now)) continue;
    const charge = prorated(now, at);
    if (charge !== 0) items.push(prorationItem(e, sub, now, charge, at, "Remaining"));
  }
  return items;
}

/** The subscription's invoice items still waiting for an invoice, oldest first. */
export function pendingItems(e: Engine, subId: string): Obj[] {
  return e.store
    .all("invoiceitem", `subscription=${subId}`)
    .filter((ii) => ii.invoice === null && ii.parent?.subscription_details?.subscription === subId)
    .reverse();
}

/** What tells one subscription invoice line from another (the rest is the same on every line). */
export interface LineFields {
  amount: number;
  currency: string;
  description: string;
  discountable: boolean;
  invoiceId: string | null;
  invoiceItem: string | null;
  proration: boolean;
  credited: { invoice: string; invoice_line_items: string[] } | null;
  subscription: string;
  subscriptionItem: string;
  period: { start: number; end: number };
  pricing: Obj;
  quantity: number;
}

/** A line of a subscription's invoice, in the pinned API version's shape (`parent.subscription_item_details`). */
export function subscriptionLine(f: LineFields): Stripe.InvoiceLineItem {
  return {
    id: newId("il"),
    object: "line_item",
    amount: f.amount,
    currency: f.currency,
    description: f.description,
    discount_amounts: [],
    discountable: f.discountable,
    discounts: [],
    invoice: f.invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: f.invoiceItem,
        proration: f.proration,
        proration_details: { credited_items: f.credited },
        subscription: f.subscription,
        subscription_item: f.subscriptionItem,
      },
      type: "subscription_item_details",
    },
    period: f.period,
    pretax_credit_amounts: [],
    pricing: f.pricing as Stripe.InvoiceLineItem.Pricing,
    quantity: f.quantity,
    quantity_decimal: wireDecimal(f.quantity),
    subscription: f.subscription,
    subtotal: f.amount,
    taxes: [],
  };
}

/** The invoice line an invoice item becomes on invoice `invoiceId`. */
export function lineFromInvoiceItem(ii: Obj, invoiceId: string | null): Stripe.InvoiceLineItem {
  const credited = ii.proration_details?.credited_items?.invoice_line_item_details ?? null;
  return subscriptionLine({
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discountable: ii.discountable,
    invoiceId,
    invoiceItem: ii.id,
    proration: ii.proration,
    credited: credited ? { invoice: credited.invoice, invoice_line_items: [...credited.invoice_line_items] } : null,
    subscription: ii.parent.subscription_details.subscription,
    subscriptionItem: ii.parent.subscription_details.subscription_item,
    period: { ...ii.period },
    pricing: structuredClone(ii.pricing),
    quantity: ii.quantity,
  });
}
