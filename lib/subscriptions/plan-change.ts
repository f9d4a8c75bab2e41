/**
 * Switching plan on a live subscription, prorated as Stripe does it, shown before it is done.
 *
 * The policy (`prorationBehaviorFor`): an upgrade (a dearer plan) is invoiced and charged at once
 * (`proration_behavior=always_invoice`): the member pays the prorated difference today. A downgrade
 * is prorated onto the next invoice (`create_prorations`): the unused time on the dearer plan is a
 * credit that lowers the next renewal. The figure the member confirms comes from
 * `invoices.createPreview`; the quote handed back with it carries (signed) the proration time the
 * change then uses, so the amount charged is the amount shown, and a client cannot choose its own.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import type { Plan, PlanKey } from "./plans";
import type { PaymentDue } from "./view";

export type ProrationBehavior = "always_invoice" | "create_prorations";

/** The one rule: upgrades are charged now, downgrades credited on the next invoice. */
export function prorationBehaviorFor(from: Pick<Plan, "amount">, to: Pick<Plan, "amount">): ProrationBehavior {
  return to.amount > from.amount ? "always_invoice" : "create_prorations";
}

export type PlanChangePreview = {
  from: PlanKey;
  plan: PlanKey;
  kind: "upgrade" | "downgrade";
  currency: string;
  /** Charged today, minor units (an upgrade); 0 for a downgrade. */
  amountDueNow: number;
  /** Credited on the next invoice, minor units, positive (a downgrade); 0 for an upgrade. */
  credit: number;
  /** The next renewal: what it will charge (null for an upgrade: the new plan's price) and when. */
  nextInvoiceAmount: number | null;
  nextInvoiceAt: Date | null;
  /** The Unix time the change is prorated at. */
  prorationDate: number;
  /** Hand back to `changePlan` to make the change exactly as previewed (valid for QUOTE_TTL_MS). */
  quote: string;
};

/** How long a preview's figure can be confirmed. */
export const QUOTE_TTL_MS = 15 * 60_000;

type QuoteBody = { u: string; s: string; p: string; d: number; t: number };

function quoteKey(): Buffer {
  return createHmac("sha256", env().authSecret).update("cashline plan change quotes").digest();
}

function sign(payload: string): string {
  return createHmac("sha256", quoteKey()).update(payload).digest("base64url");
}

/** A signed quote: this user, this subscription, this plan, prorated at `prorationDate`. */
export function issueQuote(userId: string, subscriptionId: string, plan: PlanKey, prorationDate: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ u: userId, s: subscriptionId, p: plan, d: prorationDate, t: now } satisfies QuoteBody)).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

const STALE_QUOTE = "This preview has expired or is not for this change. Please review the change again.";

/** The proration time of a quote issued to this user for this change, or a 400 naming `field`. */
export function readQuote(quote: string, userId: string, subscriptionId: string, plan: PlanKey, field = "quote", now = Date.now()): number {
  const refuse = () => new DomainError("invalid_request", STALE_QUOTE, { [field]: [STALE_QUOTE] });
  const [payload, mac] = quote.split(".");
  if (!payload || !mac) throw refuse();
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse();
  let body: QuoteBody;
  try {
    body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as QuoteBody;
  } catch {
    throw refuse();
  }
  if (body.u !== userId || body.s !== subscriptionId || body.p !== plan || !Number.isSafeInteger(body.d) || !(now - body.t >= 0 && now - body.t <= QUOTE_TTL_MS)) throw refuse();
  return body.d;
}

/** What a preview invoice says about the change (pure: the preview, the plans, the quote). */
export function summarizePreview(preview: Stripe.Invoice, from: Plan, to: Plan, prorationDate: number, quote: string): PlanChangePreview {
  const prorations = preview.lines.data.filter((l) => l.parent?.subscription_item_details?.proration).reduce((sum, l) => sum + l.amount, 0);
  const upgrade = prorationBehaviorFor(from, to) === "always_invoice";
  return {
    from: from.key,
    plan: to.key,
    kind: upgrade ? "upgrade" : "downgrade",
    currency: preview.currency,
    amountDueNow: upgrade ? preview.amount_due : 0,
    credit: upgrade ? 0 : Math.max(0, -prorations),
    nextInvoiceAmount: upgrade ? null : preview.amount_due,
    nextInvoiceAt: upgrade || !preview.next_payment_attempt ? null : new Date(preview.next_payment_attempt * 1000),
    prorationDate,
    quote,
  };
}

/** What happened to the payment of a plan change charged at once. */
export type ChangePayment = { status: "paid" | "none" } | PaymentDue;
