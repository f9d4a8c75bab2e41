import { and, desc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { LIVE_SUBSCRIPTION_STATUSES, subscriptions, type SubscriptionRow, type SubscriptionStatus } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import type { SessionUser } from "@/lib/auth/types";
import { getUserById } from "@/lib/auth/users";
import { users } from "@/db/schema";
import { enqueueSubscriptionEmail } from "@/lib/email";
import type { SubscriptionEmailKind } from "@/lib/email/templates";
import { db } from "@/lib/db";
import { DomainError, isDomainError } from "@/lib/errors";
import { recordPaidInvoice } from "./invoices";
import { logFor } from "@/lib/log";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import { paymentErrorMessage } from "@/lib/stripe/messages";
import { ensureCustomer, findCustomerId, findUserIdByCustomer } from "./customers";
import { issueQuote, prorationBehaviorFor, readQuote, summarizePreview, type ChangePayment, type PlanChangePreview } from "./plan-change";
import { getPlan, listPlans, planOfPrice, type Plan, type PlanKey } from "./plans";

export { ensurePlans, getPlan, listPlans, type Plan, type PlanKey } from "./plans";
export { prorationBehaviorFor, type ChangePayment, type PlanChangePreview } from "./plan-change";

const log = () => logFor("subscriptions");

/** A `pending` row older than this was left by a request that died: the next subscribe finishes it. */
const STALE_PENDING_MS = 30_000;
/** What every read of a subscription from Stripe expands: the card shown on the account page. */
const EXPAND = ["default_payment_method"];

export const LIVE_STATUSES: readonly SubscriptionStatus[] = LIVE_SUBSCRIPTION_STATUSES;
export { SUBSCRIPTION_STATUSES } from "@/db/schema";

// ---------------------------------------------------------------------------------------------
// Keeping the local row in step with Stripe's object
// ---------------------------------------------------------------------------------------------

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

const seconds = (s: number | null | undefined) => (typeof s === "number" ? new Date(s * 1000) : null);

async function rowFields(sub: Stripe.Subscription) {
  const item = sub.items.data[0];
  const pm = typeof sub.default_payment_method === "object" ? sub.default_payment_method : null;
  const plan = item ? await planOfPrice(item.price) : null;
  return {
    stripeSubscriptionId: sub.id,
    status: sub.status as SubscriptionStatus,
    ...(plan ? { plan } : {}),
    ...(item ? { stripePriceId: item.price.id, currentPeriodStart: seconds(item.current_period_start), currentPeriodEnd: seconds(item.current_period_end) } : {}),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    latestInvoiceId: idOf(sub.latest_invoice),
    ...(pm?.card ? { cardBrand: pm.card.brand, cardLast4: pm.card.last4 } : {}),
    stripeCreatedAt: seconds(sub.created),
    canceledAt: seconds(sub.ended_at ?? sub.canceled_at),
  };
}

/**
 * Write Stripe's subscription as read at `readAt`. Refused (returns the row unchanged) when a
 * read that started later was already written: arrival order never moves a row backwards.
 */
export async function applyStripeSubscription(sub: Stripe.Subscription, readAt: Date): Promise<SubscriptionRow | null> {
  const fields = await rowFields(sub);
  const localId = sub.metadata?.cashline_subscription_id;
  const match = localId ? or(eq(subscriptions.id, localId), eq(subscriptions.stripeSubscriptionId, sub.id)) : eq(subscriptions.stripeSubscriptionId, sub.id);
  const fresh = or(isNull(subscriptions.syncedAt), lte(subscriptions.syncedAt, readAt));
  const [updated] = await db().update(subscriptions).set({ ...fields, syncedAt: readAt }).where(and(match, fresh)).returning();
  if (updated) return updated;
  const [existing] = await db().select().from(subscriptions).where(match).limit(1);
  if (existing) return existing;
  // Made outside Cashline (the dashboard) for one of our customers: keep it too.
  const userId = await findUserIdByCustomer(idOf(sub.customer) ?? "");
  if (!userId || !fields.stripePriceId) return null;
  try {
    const [inserted] = await db()
      .insert(subscriptions)
      .values({ userId, plan: fields.plan ?? "basic", stripePriceId: fields.stripePriceId, ...fields, syncedAt: readAt })
      .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId })
      .returning();
    return inserted ?? null;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    log().warn({ subscription: sub.id, userId }, "a second live subscription for one user on Stripe; not mirrored");
    return null;
  }
}

/** Read the subscription from Stripe now and write it (webhooks, after every change). */
export async function syncSubscription(stripeSubscriptionId: string): Promise<SubscriptionRow | null> {
  const readAt = new Date();
  const sub = await getStripe().subscriptions.retrieve(stripeSubscriptionId, { expand: EXPAND });
  return applyStripeSubscription(sub, readAt);
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** The user's live subscription (pending included), if any. */
async function liveRow(userId: string): Promise<SubscriptionRow | null> {
  const [row] = await db()
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, [...LIVE_STATUSES])))
    .limit(1);
  return row ?? null;
}

/** The user's subscription: the live one, else the latest that ended; never a `pending` claim. */
export async function currentSubscription(userId: string): Promise<SubscriptionRow | null> {
  const [row] = await db()
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), ne(subscriptions.status, "pending")))
    .orderBy(sql`${subscriptions.status} in ('incomplete', 'trialing', 'active', 'past_due') desc`, desc(subscriptions.createdAt))
    .limit(1);
  return row ?? null;
}

async function requireCurrent(userId: string): Promise<SubscriptionRow & { stripeSubscriptionId: string }> {
  const row = await currentSubscription(userId);
  if (!row?.stripeSubscriptionId) throw new DomainError("not_found", "You have no subscription.");
  return row as SubscriptionRow & { stripeSubscriptionId: string };
}

// ---------------------------------------------------------------------------------------------
// Subscribing
// ---------------------------------------------------------------------------------------------

export type StartedSubscription = {
  subscription: SubscriptionRow;
  /** The first invoice's PaymentIntent secret to confirm (null when nothing is due). */
  clientSecret: string | null;
};

/**
 * Claim the user's one live subscription in the database before Stripe is asked: the partial
 * unique index lets one claim in, whatever races. A claim left `pending` by a request that died
 * is taken over (its id is the Stripe idempotency key, so finishing it cannot make a second one).
 */
async function claim(user: SessionUser, plan: Plan): Promise<SubscriptionRow> {
  try {
    const [row] = await db().insert(subscriptions).values({ userId: user.id, plan: plan.key, stripePriceId: plan.priceId, status: "pending" }).returning();
    return row;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const live = await liveRow(user.id);
  if (live?.status === "pending") {
    // One UPDATE: of two requests finding the same stale claim, one takes it.
    const [taken] = await db()
      .update(subscriptions)
      .set({ updatedAt: sql`now()` })
      .where(and(eq(subscriptions.id, live.id), eq(subscriptions.status, "pending"), sql`${subscriptions.updatedAt} < now() - make_interval(secs => ${STALE_PENDING_MS / 1000})`))
      .returning();
    if (taken) return taken;
  }
  throw new DomainError("already_subscribed", "You already have a subscription.", { plan: ["You already have a subscription."] });
}

/**
 * Start a subscription to `planKey`: one claimed row, the customer, and one Stripe subscription
 * with `payment_behavior=default_incomplete`, whose first invoice the caller pays with the
 * returned client secret (Payment Element, or `payWithCard`). 409 `already_subscribed` when the
 * user has a live one.
 */
export async function subscribe(user: SessionUser, planKey: string, field = "plan"): Promise<StartedSubscription> {
  const plan = await getPlan(planKey, field);
  const row = await claim(user, plan);
  let sub: Stripe.Subscription;
  const readAt = new Date();
  try {
    const customer = await ensureCustomer(user);
    sub = await getStripe().subscriptions.create(
      {
        customer,
        items: [{ price: row.stripePriceId }],
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        metadata: { cashline_subscription_id: row.id, cashline_user_id: user.id },
        expand: ["latest_invoice.confirmation_secret", ...EXPAND],
      },
      { idempotencyKey: `cashline-subscription:${row.id}` },
    );
  } catch (err) {
    // A refusal is final: free the claim. A transient failure keeps it for the same key later.
    if (classifyStripeError(err)?.kind !== "transient") {
      await db().delete(subscriptions).where(and(eq(subscriptions.id, row.id), eq(subscriptions.status, "pending")));
    }
    throw err;
  }
  const stored = (await applyStripeSubscription(sub, readAt)) ?? row;
  const invoice = typeof sub.latest_invoice === "object" ? sub.latest_invoice : null;
  return { subscription: stored, clientSecret: invoice?.confirmation_secret?.client_secret ?? null };
}

/**
 * The secret to (re)try paying an incomplete subscription's first invoice, on the same
 * subscription: after a decline or an abandoned 3-D Secure challenge. Null when nothing is due.
 */
export async function pendingPayment(userId: string): Promise<{ subscription: SubscriptionRow; clientSecret: string } | null> {
  const row = await liveRow(userId);
  if (!row || row.status !== "incomplete" || !row.latestInvoiceId) return null;
  const invoice = await getStripe().invoices.retrieve(row.latestInvoiceId, { expand: ["confirmation_secret"] });
  const secret = invoice.status === "open" ? invoice.confirmation_secret?.client_secret : null;
  return secret ? { subscription: row, clientSecret: secret } : null;
}

/**
 * Subscribe, or — for a user whose subscription to this plan is still incomplete (a decline, an
 * abandoned challenge) — the secret to pay it again: a retry never makes a second subscription.
 */
export async function subscribeOrRetry(user: SessionUser, planKey: string, field = "plan"): Promise<StartedSubscription> {
  const plan = await getPlan(planKey, field);
  try {
    return await subscribe(user, plan.key, field);
  } catch (err) {
    if (!isDomainError(err, "already_subscribed")) throw err;
    const retry = await pendingPayment(user.id);
    if (!retry || retry.subscription.plan !== plan.key) throw err;
    return retry;
  }
}

// ---------------------------------------------------------------------------------------------
// Managing
// ---------------------------------------------------------------------------------------------

const MANAGEABLE: readonly SubscriptionStatus[] = ["trialing", "active", "past_due"];

async function update(row: SubscriptionRow & { stripeSubscriptionId: string }, params: Stripe.SubscriptionUpdateParams): Promise<SubscriptionRow> {
  const readAt = new Date();
  const sub = await getStripe().subscriptions.update(row.stripeSubscriptionId, { ...params, expand: EXPAND });
  return (await applyStripeSubscription(sub, readAt)) ?? row;
}

function requireManageable(row: SubscriptionRow, what: string): void {
  if (!MANAGEABLE.includes(row.status)) {
    throw new DomainError("subscription_not_changeable", `A subscription that is ${row.status.replace("_", " ")} cannot be ${what}.`);
  }
}

/** Cancel at the end of the current period (an unpaid, incomplete one is canceled now). */
export async function cancelSubscription(userId: string): Promise<SubscriptionRow> {
  const row = await requireCurrent(userId);
  if (row.status === "incomplete") {
    const readAt = new Date();
    const sub = await getStripe().subscriptions.cancel(row.stripeSubscriptionId, { expand: EXPAND });
    return (await applyStripeSubscription(sub, readAt)) ?? row;
  }
  requireManageable(row, "canceled");
  return row.cancelAtPeriodEnd ? row : update(row, { cancel_at_period_end: true });
}

/** Undo a cancellation at period end. */
export async function resumeSubscription(userId: string): Promise<SubscriptionRow> {
  const row = await requireCurrent(userId);
  requireManageable(row, "resumed");
  return row.cancelAtPeriodEnd ? update(row, { cancel_at_period_end: false }) : row;
}

/** The live subscription, its one item, and the plan it is on, for a change to `planKey`. */
async function changeContext(userId: string, planKey: string, field: string) {
  const to = await getPlan(planKey, field);
  const row = await requireCurrent(userId);
  requireManageable(row, "changed");
  const plans = await listPlans();
  const from = plans.find((p) => p.priceId === row.stripePriceId) ?? plans.find((p) => p.key === row.plan);
  if (!from) throw new DomainError("subscription_not_changeable", "Your current plan is no longer offered; contact us to change it.");
  return { row, to, from };
}

/**
 * What switching to `planKey` would do, from Stripe's preview invoice, changing nothing: the
 * amount charged today (upgrade) or the credit on the next invoice (downgrade), with the quote
 * that makes `changePlan` prorate at the same second.
 */
export async function previewPlanChange(userId: string, planKey: string, field = "plan"): Promise<PlanChangePreview> {
  const { row, to, from } = await changeContext(userId, planKey, field);
  if (to.priceId === row.stripePriceId) {
    throw new DomainError("invalid_request", `You are already on the ${to.name} plan.`, { [field]: [`You are already on the ${to.name} plan.`] });
  }
  const stripe = getStripe();
  const sub = await stripe.subscriptions.retrieve(row.stripeSubscriptionId);
  const preview = await stripe.invoices.createPreview({
    customer: idOf(sub.customer) ?? undefined,
    subscription: sub.id,
    subscription_details: { items: [{ id: sub.items.data[0].id, price: to.priceId }], proration_behavior: prorationBehaviorFor(from, to) },
  });
  // The time Stripe prorated at (its clock, not ours): the change is made at the same second.
  const prorationDate = preview.parent?.subscription_details?.subscription_proration_date ?? Math.floor(Date.now() / 1000);
  return summarizePreview(preview, from, to, prorationDate, issueQuote(userId, sub.id, to.key, prorationDate));
}

export type PlanChangeResult = { subscription: SubscriptionRow; payment: ChangePayment };

/**
 * Switch to the other plan on the same subscription, prorated by `prorationBehaviorFor`. With a
 * `quote` from `previewPlanChange`, at the previewed second (so the amount is the one shown);
 * without, at Stripe's now. An upgrade's invoice is charged at once: declined or waiting for
 * 3-D Secure, the subscription is past_due and `payment` says how to pay it.
 */
export async function changePlan(userId: string, planKey: string, quote?: string, field = "plan"): Promise<PlanChangeResult> {
  const { row, to, from } = await changeContext(userId, planKey, field);
  if (row.stripePriceId === to.priceId) return { subscription: row, payment: { status: "none" } };
  const prorationDate = quote === undefined ? undefined : readQuote(quote, userId, row.stripeSubscriptionId, to.key);
  const behavior = prorationBehaviorFor(from, to);
  const before = row.latestInvoiceId;
  const sub = await getStripe().subscriptions.retrieve(row.stripeSubscriptionId);
  const item = sub.items.data[0];
  const updated = await update(row, {
    items: [{ id: item.id, price: to.priceId }],
    proration_behavior: behavior,
    ...(prorationDate === undefined ? {} : { proration_date: prorationDate }),
  });
  if (behavior !== "always_invoice" || !updated.latestInvoiceId || updated.latestInvoiceId === before) return { subscription: updated, payment: { status: "none" } };
  return { subscription: updated, payment: await invoicePayment(updated.latestInvoiceId) };
}

/** How an invoice's payment stands: paid, or what the member must do (authenticate, another card). */
async function invoicePayment(invoiceId: string): Promise<ChangePayment> {
  const invoice = await getStripe().invoices.retrieve(invoiceId, { expand: ["confirmation_secret", "payments.data.payment.payment_intent"] });
  if (invoice.status === "paid") return { status: "paid" };
  if (invoice.status !== "open") return { status: "none" };
  const pi = invoice.payments?.data[0]?.payment?.payment_intent;
  const intent = typeof pi === "object" && pi ? pi : null;
  return {
    status: intent?.status === "requires_action" ? "requires_action" : "failed",
    invoiceId,
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    clientSecret: invoice.confirmation_secret?.client_secret ?? null,
    message: intent?.last_payment_error ? paymentErrorMessage(intent.last_payment_error) : null,
  };
}

/**
 * The open invoice of a past-due subscription (a plan change charged at once, a renewal) that
 * the member can pay now, on the page: with the card on file after 3-D Secure, or another card.
 */
export async function outstandingPayment(userId: string): Promise<ChangePayment | null> {
  const row = await liveRow(userId);
  if (!row || row.status !== "past_due" || !row.latestInvoiceId) return null;
  const payment = await invoicePayment(row.latestInvoiceId);
  return payment.status === "requires_action" || payment.status === "failed" ? payment : null;
}

export type InvoiceSummary = { id: string; number: string | null; amount: number; currency: string; created: Date; status: string; url: string | null };

/** The user's subscription invoices, newest first, as Stripe has them (never stored here). */
export async function listSubscriptionInvoices(userId: string): Promise<InvoiceSummary[]> {
  const customer = await findCustomerId(userId);
  if (!customer) return [];
  const invoices = await getStripe().invoices.list({ customer, limit: 24 });
  return invoices.data
    .filter((i) => invoiceSubscriptionId(i))
    .map((i) => ({
      id: i.id!,
      number: i.number,
      amount: i.status === "paid" ? i.amount_paid : i.amount_due,
      currency: i.currency,
      created: new Date(i.created * 1000),
      status: i.status ?? "draft",
      url: i.hosted_invoice_url ?? null,
    }));
}

/** Step one of changing the card: a SetupIntent for the user's customer, confirmed in the browser. */
export async function startCardUpdate(user: SessionUser): Promise<{ clientSecret: string }> {
  await requireCurrent(user.id);
  const customer = await ensureCustomer(user);
  const intent = await getStripe().setupIntents.create({ customer, usage: "off_session", metadata: { cashline_user_id: user.id } });
  return { clientSecret: intent.client_secret! };
}

/**
 * Step two: the confirmed SetupIntent's card becomes the subscription's (and the customer's)
 * default; a past-due invoice is paid with it at once.
 */
export async function finishCardUpdate(user: SessionUser, setupIntentId: string): Promise<SubscriptionRow> {
  const row = await requireCurrent(user.id);
  const customer = await findCustomerId(user.id);
  const stripe = getStripe();
  const intent = await stripe.setupIntents.retrieve(setupIntentId);
  const pm = idOf(intent.payment_method);
  if (idOf(intent.customer) !== customer || intent.status !== "succeeded" || !pm) {
    throw new DomainError("invalid_payment_method", "That card was not set up.", { setup_intent: ["That card was not set up."] });
  }
  await stripe.customers.update(customer!, { invoice_settings: { default_payment_method: pm } });
  const updated = await update(row, { default_payment_method: pm });
  if (updated.status === "past_due" && updated.latestInvoiceId) {
    const invoice = await stripe.invoices.retrieve(updated.latestInvoiceId);
    if (invoice.status === "open") {
      await stripe.invoices.pay(invoice.id!, { payment_method: pm }).catch((err) => {
        if (classifyStripeError(err)?.kind !== "card") throw err;
      });
      return (await syncSubscription(row.stripeSubscriptionId)) ?? updated;
    }
  }
  return updated;
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/** The subscription an invoice belongs to (the pinned API version's `parent`). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** `customer.subscription.*`, `invoice.paid`, `invoice.payment_failed`: re-read the subscription from Stripe. */
export async function applySubscriptionEvent(event: Stripe.Event): Promise<SubscriptionRow | null> {
  const object = event.data.object as { object: string; id: string };
  const subId = object.object === "subscription" ? object.id : object.object === "invoice" ? invoiceSubscriptionId(object as Stripe.Invoice) : null;
  if (!subId) return null;
  let row: SubscriptionRow | null;
  try {
    row = await syncSubscription(subId);
  } catch (err) {
    if (classifyStripeError(err)?.kind === "not_found") return null; // not ours (another account's test data)
    throw err;
  }
  if (row && event.type === "invoice.paid") await recordPaidInvoice(object as Stripe.Invoice, row, event.created);
  if (row) await emailFor(event, row);
  return row;
}

/** The member's email for an event: started, renewal receipt, failed payment, canceled (once each). */
async function emailFor(event: Stripe.Event, row: SubscriptionRow): Promise<void> {
  let kind: SubscriptionEmailKind | null = null;
  let key = "";
  let invoice: Stripe.Invoice | null = null;
  if (event.type === "invoice.paid" || event.type === "invoice.payment_failed") {
    invoice = event.data.object as Stripe.Invoice;
    const first = invoice.billing_reason === "subscription_create";
    const change = invoice.billing_reason === "subscription_update"; // a plan change charged at once
    if (event.type === "invoice.paid") kind = first ? "subscription_started" : change ? "subscription_changed" : "subscription_renewed";
    else if (!first) kind = "subscription_payment_failed"; // a first payment's decline is shown on the page
    key = `subscription:${kind}:${invoice.id}`;
  } else if (event.type === "customer.subscription.deleted") {
    kind = "subscription_canceled";
    key = `subscription:${kind}:${row.stripeSubscriptionId}`;
  }
  if (!kind) return;
  const user = await getUserById(row.userId);
  if (!user) return;
  const plan = (await listPlans()).find((p) => p.key === row.plan);
  const reason = event.type === "invoice.payment_failed" ? await lastPaymentError(invoice!) : null;
  await enqueueSubscriptionEmail(kind, user.email, key, {
    planName: plan?.name ?? row.plan,
    amount: invoice ? (kind === "subscription_payment_failed" ? invoice.amount_due : invoice.amount_paid) : null,
    currency: invoice?.currency ?? null,
    periodEnd: row.currentPeriodEnd,
    reason,
  });
}

/** Stripe's message for an invoice's failed payment, for the email. */
async function lastPaymentError(invoice: Stripe.Invoice): Promise<string | null> {
  const full = await getStripe().invoices.retrieve(invoice.id!, { expand: ["payments.data.payment.payment_intent"] });
  const pi = full.payments?.data[0]?.payment?.payment_intent;
  return typeof pi === "object" && pi ? (pi.last_payment_error?.message ?? null) : null;
}

export function isLive(row: Pick<SubscriptionRow, "status">): boolean {
  return LIVE_STATUSES.includes(row.status);
}

// ---------------------------------------------------------------------------------------------
// The canonical API's shapes
// ---------------------------------------------------------------------------------------------

export type PlanDto = { plan: PlanKey; lookup_key: string; name: string; features: readonly string[]; price_id: string; amount: number; currency: string; interval: string };
export type SubscriptionDto = {
  id: string | null;
  plan: string;
  status: SubscriptionStatus;
  cancel_at_period_end: boolean;
  current_period_start: string | null;
  current_period_end: string | null;
  price_id: string;
  card: { brand: string; last4: string } | null;
  created_at: string;
  canceled_at: string | null;
};

export function planDto(p: Plan): PlanDto {
  return { plan: p.key, lookup_key: p.lookupKey, name: p.name, features: p.features, price_id: p.priceId, amount: p.amount, currency: p.currency, interval: p.interval };
}

export function subscriptionDto(row: SubscriptionRow): SubscriptionDto {
  return {
    id: row.stripeSubscriptionId,
    plan: row.plan,
    status: row.status,
    cancel_at_period_end: row.cancelAtPeriodEnd,
    current_period_start: row.currentPeriodStart?.toISOString() ?? null,
    current_period_end: row.currentPeriodEnd?.toISOString() ?? null,
    price_id: row.stripePriceId,
    card: row.cardBrand && row.cardLast4 ? { brand: row.cardBrand, last4: row.cardLast4 } : null,
    created_at: (row.stripeCreatedAt ?? row.createdAt).toISOString(),
    canceled_at: row.canceledAt?.toISOString() ?? null,
  };
}

export type PlanChangePreviewDto = {
  from: string;
  plan: string;
  kind: "upgrade" | "downgrade";
  currency: string;
  amount_due_now: number;
  credit: number;
  next_invoice_amount: number | null;
  next_invoice_at: string | null;
  proration_date: string;
  quote: string;
};

export function planChangePreviewDto(p: PlanChangePreview): PlanChangePreviewDto {
  return {
    from: p.from,
    plan: p.plan,
    kind: p.kind,
    currency: p.currency,
    amount_due_now: p.amountDueNow,
    credit: p.credit,
    next_invoice_amount: p.nextInvoiceAmount,
    next_invoice_at: p.nextInvoiceAt?.toISOString() ?? null,
    proration_date: new Date(p.prorationDate * 1000).toISOString(),
    quote: p.quote,
  };
}

export type ChangePaymentDto =
  | { status: "paid" | "none" }
  | { status: "requires_action" | "failed"; invoice: string; amount: number; currency: string; client_secret: string | null; message: string | null };

export function changePaymentDto(p: ChangePayment): ChangePaymentDto {
  if (!("invoiceId" in p)) return { status: p.status };
  return { status: p.status, invoice: p.invoiceId, amount: p.amount, currency: p.currency, client_secret: p.clientSecret, message: p.message };
}

/** `GET /api/v1/subscriptions/current`: 404 when the user never subscribed. */
export async function requireCurrentSubscription(userId: string): Promise<SubscriptionRow> {
  return requireCurrent(userId);
}

// ---------------------------------------------------------------------------------------------
// The admin area: figures and the list (users joined read-only, for the customer's email)
// ---------------------------------------------------------------------------------------------

/** Subscriptions that are paying or about to (active, trialing, past due), counted by plan: one grouped query. */
export async function countActiveSubscriptionsByPlan(): Promise<{ plan: string; count: number }[]> {
  const rows = await db()
    .select({ plan: subscriptions.plan, count: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(inArray(subscriptions.status, ["active", "trialing", "past_due"]))
    .groupBy(subscriptions.plan)
    .orderBy(subscriptions.plan);
  return rows.map((r) => ({ plan: r.plan, count: Number(r.count) }));
}

export type AdminSubscriptionRow = SubscriptionRow & { email: string };

/** Every subscription, newest first (keyset on (created_at, id): the cursor is the last row's id), optionally of one status. */
export async function listSubscriptionsForAdmin(filter: { status?: SubscriptionStatus; cursor?: string; limit?: number } = {}): Promise<{ subscriptions: AdminSubscriptionRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 100);
  const where = [
    filter.status ? eq(subscriptions.status, filter.status) : undefined,
    filter.cursor ? sql`(${subscriptions.createdAt}, ${subscriptions.id}) < (select s.created_at, s.id from subscriptions s where s.id = ${filter.cursor})` : undefined,
  ].filter((w) => w !== undefined);
  const rows = await db()
    .select({ subscription: subscriptions, email: users.email })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({ ...r.subscription, email: r.email }));
  return { subscriptions: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
