import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { webhookEvents, type WebhookEvent } from "@/db/schema";
import { jsonProblem } from "@/lib/http/body";
import { DomainError, zodFieldErrors } from "@/lib/errors";
import { applyPaymentIntent } from "@/lib/checkout/fulfil";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { logFor, safeError } from "@/lib/log";
import { getOrderByPaymentIntent, recordRefund } from "@/lib/orders";
import { getStripe } from "@/lib/stripe/server";
import { applySubscriptionEvent } from "@/lib/subscriptions";

/** Tolerance for the signature timestamp, as Stripe's libraries default to, in both directions. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** Stripe's events nest a dozen levels at most; deeper input only costs stack. */
const MAX_EVENT_DEPTH = 64;

/** The fields Cashline relies on in every event it stores; the rest is kept as sent. */
const storedEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, "must be a Stripe event id (evt_...)"),
  type: z.string().regex(/^[a-z0-9_.]{1,255}$/, "must be an event type such as payment_intent.succeeded"),
  // Seconds since the epoch, up to the year 9999.
  created: z.number().int().min(0).max(253_402_300_799),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});

/**
 * Receive a Stripe webhook: verify the signature on the raw body, check the event's shape, store
 * the event once by id, enqueue its processing, and return. Nothing is stored for a bad or stale
 * signature, a timestamp outside ±SIGNATURE_TOLERANCE_SECONDS, or a malformed event (all 400).
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null, now = Date.now()): Promise<{ duplicate: boolean }> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new DomainError("webhooks_not_configured", "STRIPE_WEBHOOK_SECRET is not set");
  if (!signature) throw new DomainError("missing_signature", "Missing Stripe-Signature header");
  let parsed: unknown;
  try {
    parsed = getStripe().webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (err) {
    throw new DomainError("invalid_signature", err instanceof Error ? err.message : "Invalid signature");
  }
  // Stripe's check refuses old timestamps only; a signed timestamp from the future is as stale.
  const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
  if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new DomainError("invalid_signature", "Timestamp outside the tolerance zone");
  }
  const event = validateEvent(parsed);

  const inserted = await db()
    .insert(webhookEvents)
    .values({ id: event.id, type: event.type, payload: event, stripeCreatedAt: new Date(event.created * 1000) })
    .onConflictDoNothing({ target: webhookEvents.id })
    .returning({ id: webhookEvents.id });
  const duplicate = inserted.length === 0;
  if (duplicate) {
    const [existing] = await db().select({ status: webhookEvents.status }).from(webhookEvents).where(eq(webhookEvents.id, event.id));
    if (existing?.status === "processed" || existing?.status === "dead") return { duplicate };
  }
  // Keyed by event id: a redelivery while the first job is still queued adds no second job.
  await enqueue(QUEUES.stripeEvents, { eventId: event.id }, { key: event.id });
  return { duplicate };
}

/**
 * A worker's claim on an event: short, and renewed while its handler runs, so a worker that dies
 * mid-event holds the event for at most CLAIM_SECONDS. A claim is known by the attempt number it
 * took: a worker whose claim has ended cannot overwrite what a later claimant did.
 */
const CLAIM_SECONDS = 15;
const RENEW_CLAIM_MS = 5_000;

type Claim =
  | { kind: "claimed"; row: WebhookEvent }
  | { kind: "done" }
  | { kind: "held"; attempt: number; until: Date };

async function claimStripeEvent(eventId: string): Promise<Claim> {
  for (let i = 0; i < 3; i++) {
    const [row] = await db()
      .update(webhookEvents)
      .set({ attempts: sql`${webhookEvents.attempts} + 1`, lockedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
      .where(
        and(
          eq(webhookEvents.id, eventId),
          inArray(webhookEvents.status, ["received", "failed"]),
          or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
        ),
      )
      .returning();
    if (row) return { kind: "claimed", row };
    const [current] = await db()
      .select({ status: webhookEvents.status, attempts: webhookEvents.attempts, lockedUntil: webhookEvents.lockedUntil, held: sql<boolean>`${webhookEvents.lockedUntil} > now()` })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId));
    if (!current || current.status === "processed" || current.status === "dead") return { kind: "done" };
    if (current.held && current.lockedUntil) return { kind: "held", attempt: current.attempts, until: current.lockedUntil };
    // The claim ended between the two statements: try again.
  }
  throw new Error(`could not claim webhook event ${eventId}`);
}
/** A verified event fit to store: the shape Cashline relies on, bounded nesting, no NUL characters. */
function validateEvent(parsed: unknown): Stripe.Event {
  const problem = jsonProblem(parsed, { maxDepth: MAX_EVENT_DEPTH, rejectNul: true });
  if (problem === "too_deep") throw new DomainError("invalid_event", `The event is nested deeper than ${MAX_EVENT_DEPTH} levels.`);
  if (problem === "nul_character") throw new DomainError("invalid_event", "The event contains a NUL character.");
  const result = storedEventSchema.safeParse(parsed);
  if (!result.success) throw new DomainError("invalid_event", "The body is not a Stripe event.", zodFieldErrors(result.error));
  return parsed as Stripe.Event;
}

/**
 * The job: apply one stored event. Throws to be retried; idempotent when run again.
 * A worker first claims the event (one UPDATE, so two workers racing cannot both win) and renews
 * its claim until done — or until `signal` says this process has abandoned the job. A job that
 * finds the event claimed by another worker leaves a job for when that claim ends: the claimant
 * may still fail or die after its own job is gone, and the event must not be left unprocessed.
 */
export async function processStripeEvent(eventId: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const claim = await claimStripeEvent(eventId);
  if (claim.kind === "done") return;
  if (claim.kind === "held") {
    await enqueue(QUEUES.stripeEvents, { eventId }, { key: `${eventId}:after:${claim.attempt}:${claim.until.getTime()}`, startAfter: claim.until });
    return;
  }
  const { row } = claim;
  const mine = and(eq(webhookEvents.id, eventId), eq(webhookEvents.attempts, row.attempts));
  const renew = () =>
    db()
      .update(webhookEvents)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
      .where(and(mine, inArray(webhookEvents.status, ["received", "failed"])))
      .catch((err) => logFor("webhooks").error({ err, eventId }, "could not renew the claim on an event"));
  const renewal = setInterval(() => void renew(), RENEW_CLAIM_MS);
  const stopRenewing = () => clearInterval(renewal);
  opts.signal?.addEventListener("abort", stopRenewing, { once: true });
  if (opts.signal?.aborted) stopRenewing();
  try {
    await applyStripeEvent(row.payload as Stripe.Event);
    await db()
      .update(webhookEvents)
      .set({ status: "processed", processedAt: new Date(), lastError: null, lockedUntil: null })
      .where(mine);
  } catch (err) {
    await db()
      .update(webhookEvents)
      // The admin area shows it: the message only, without SQL parameters or raw Stripe responses.
      .set({ status: "failed", lastError: safeError(err).message, lockedUntil: null })
      .where(and(mine, inArray(webhookEvents.status, ["received", "failed"])));
    throw err;
  } finally {
    stopRenewing();
    opts.signal?.removeEventListener("abort", stopRenewing);
  }
}

/** Called from the dead-letter queue once every retry has failed. */
export async function markStripeEventDead(eventId: string): Promise<void> {
  await db()
    .update(webhookEvents)
    .set({ status: "dead" })
    .where(and(eq(webhookEvents.id, eventId), inArray(webhookEvents.status, ["received", "failed"])));
}

/** Admin replay: process a stored event again (handlers are idempotent). */
export async function replayStripeEvent(eventId: string): Promise<void> {
  const [row] = await db()
    .update(webhookEvents)
    .set({ status: "received", lastError: null }) // a live claim stands: the replay waits for it
    .where(eq(webhookEvents.id, eventId))
    .returning({ id: webhookEvents.id });
  if (!row) throw new DomainError("not_found", "No such webhook event");
  await enqueue(QUEUES.stripeEvents, { eventId });
}

export async function getWebhookEvent(eventId: string): Promise<WebhookEvent | null> {
  const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).limit(1);
  return row ?? null;
}

/** Apply a PaymentIntent event through the one function that maps intents onto orders. */
const applyIntentEvent = async (e: Stripe.Event) => void (await applyPaymentIntent(e.data.object as Stripe.PaymentIntent));

const applySubscription = async (e: Stripe.Event) => void (await applySubscriptionEvent(e));

/** The effect of each event type (also a test seam). Extend here as Cashline learns more events. */
export const eventHandlers: Partial<Record<string, (event: Stripe.Event) => Promise<void>>> = {
  "payment_intent.succeeded": applyIntentEvent,
  "payment_intent.payment_failed": applyIntentEvent,
  "payment_intent.canceled": applyIntentEvent,
  // A late `processing` must never move a paid order back: applyPaymentIntent ignores it.
  "payment_intent.processing": applyIntentEvent,
  // Subscriptions re-read Stripe's object, so a late or repeated event cannot move one backwards.
  "customer.subscription.created": applySubscription,
  "customer.subscription.updated": applySubscription,
  "customer.subscription.deleted": applySubscription,
  "invoice.paid": applySubscription,
  "invoice.payment_failed": applySubscription,
  "charge.refunded": async (e) => {
    const charge = e.data.object as Stripe.Charge;
    const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
    if (!piId) return;
    const order = await getOrderByPaymentIntent(piId);
    if (order) await recordRefund(order.id, charge.amount_refunded);
  },
};

async function applyStripeEvent(event: Stripe.Event): Promise<void> {
  const handler = eventHandlers[event.type];
  if (handler) await handler(event);
}

/** The dashboard's webhook figures: events that failed (to be retried) and dead ones (retries spent), one query. */
export async function countFailedWebhookEvents(): Promise<{ failed: number; dead: number }> {
  const [row] = await db()
    .select({
      failed: sql<number>`count(*) filter (where ${webhookEvents.status} = 'failed')::int`,
      dead: sql<number>`count(*) filter (where ${webhookEvents.status} = 'dead')::int`,
    })
    .from(webhookEvents)
    .where(inArray(webhookEvents.status, ["failed", "dead"]));
  return { failed: Number(row.failed), dead: Number(row.dead) };
}
