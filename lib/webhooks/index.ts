import { and, count, desc, eq, getTableColumns, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { WEBHOOK_EVENT_STATUSES, webhookEvents, type WebhookEvent } from "@/db/schema";
import { jsonProblem } from "@/lib/http/body";
import { DomainError, zodFieldErrors } from "@/lib/errors";
import { applyPaymentIntent } from "@/lib/checkout/fulfil";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { logFor, safeError } from "@/lib/log";

/** The statuses a stored event goes through (the admin's filters list them). */
export { WEBHOOK_EVENT_STATUSES };
import { applyStripeRefund, syncChargeRefunds } from "@/lib/refunds";
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
    await applyStripeEvent(row.payload as Stripe.Event, { attempt: row.attempts });
    await db()
      .update(webhookEvents)
      .set({ status: "processed", processedAt: new Date(), lastError: null, lockedUntil: null })
      .where(mine);
  } catch (err) {
    if (err instanceof UnprocessableEventError) {
      // Retrying cannot help: dead at once, for an operator to look at and replay.
      await db()
        .update(webhookEvents)
        .set({ status: "dead", lastError: safeError(err).message, lockedUntil: null })
        .where(and(mine, inArray(webhookEvents.status, ["received", "failed"])));
      logFor("webhooks").error({ err, eventId }, "webhook event cannot be processed; it is dead until replayed");
      return;
    }
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

/**
 * Admin replay: process a stored event again, through the same job and claim as a delivery
 * (handlers are idempotent, and the claim lets one worker at a time apply it, so a double replay
 * still has one effect). A processed event is applied again too: its handler re-reads the state
 * and changes nothing that is already so.
 */
export async function replayStripeEvent(eventId: string): Promise<WebhookEvent> {
  if (!/^evt_[A-Za-z0-9_]{1,250}$/.test(eventId)) throw new DomainError("not_found", "No such webhook event");
  const [row] = await db()
    .update(webhookEvents)
    .set({ status: "received", lastError: null }) // a live claim stands: the replay waits for it
    .where(eq(webhookEvents.id, eventId))
    .returning();
  if (!row) throw new DomainError("not_found", "No such webhook event");
  // Keyed by the attempts so far: a double click (two replays before either ran) is one job.
  await enqueue(QUEUES.stripeEvents, { eventId }, { key: `${eventId}:replay:${row.attempts}` });
  return row;
}

/** Replay every dead event (a page at a time); returns how many were replayed. */
export async function replayDeadStripeEvents(limit = 500): Promise<number> {
  const dead = await db().select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.status, "dead")).orderBy(webhookEvents.receivedAt).limit(limit);
  for (const { id } of dead) await replayStripeEvent(id);
  return dead.length;
}

export type WebhookEventFilter = { status?: WebhookEvent["status"]; type?: string; cursor?: string; limit?: number };
export type WebhookEventSummary = Omit<WebhookEvent, "payload">;

const eventCursor = (e: Pick<WebhookEvent, "receivedAt" | "id">) => Buffer.from(`${e.receivedAt.toISOString()}|${e.id}`).toString("base64url");

/** Stored events, newest first, a page at a time (keyset on received time and id); the payload is left out. */
export async function listWebhookEvents(filter: WebhookEventFilter = {}): Promise<{ events: WebhookEventSummary[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (filter.status) where.push(eq(webhookEvents.status, filter.status));
  if (filter.type) where.push(eq(webhookEvents.type, filter.type));
  if (filter.cursor) {
    const [at, id] = Buffer.from(filter.cursor, "base64url").toString("utf8").split("|");
    const when = new Date(at ?? "");
    if (!id || Number.isNaN(when.getTime())) throw new DomainError("invalid_request", "Invalid cursor", { cursor: ["must be the next_cursor of a previous page"] });
    where.push(or(lt(webhookEvents.receivedAt, when), and(eq(webhookEvents.receivedAt, when), lt(webhookEvents.id, id)))!);
  }
  const { payload: _payload, ...columns } = getTableColumns(webhookEvents);
  const rows = await db()
    .select(columns)
    .from(webhookEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { events: page, nextCursor: rows.length > limit ? eventCursor(page[page.length - 1]) : null };
}

/** How many events are in each status (the admin list's tabs). */
export async function countWebhookEventsByStatus(): Promise<Record<WebhookEvent["status"], number>> {
  const rows = await db().select({ status: webhookEvents.status, n: count() }).from(webhookEvents).groupBy(webhookEvents.status);
  const counts = { received: 0, processed: 0, failed: 0, dead: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * The events about a PaymentIntent, oldest first: the intent's own, and those of its charges and
 * refunds (their objects name it). For an order's timeline.
 */
export async function listEventsForPaymentIntent(paymentIntentId: string): Promise<WebhookEventSummary[]> {
  const { payload: _payload, ...columns } = getTableColumns(webhookEvents);
  return db()
    .select(columns)
    .from(webhookEvents)
    .where(
      or(
        sql`(${webhookEvents.payload}->'data'->'object'->>'id') = ${paymentIntentId}`,
        sql`(${webhookEvents.payload}->'data'->'object'->>'payment_intent') = ${paymentIntentId}`,
      ),
    )
    .orderBy(webhookEvents.stripeCreatedAt, webhookEvents.receivedAt)
    .limit(200);
}

export async function getWebhookEvent(eventId: string): Promise<WebhookEvent | null> {
  const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).limit(1);
  return row ?? null;
}

/** Apply a PaymentIntent event through the one function that maps intents onto orders. */
const applyIntentEvent = async (e: Stripe.Event) => void (await applyPaymentIntent(e.data.object as Stripe.PaymentIntent));

const applyRefundEvent = async (e: Stripe.Event) => void (await applyStripeRefund(e.data.object as Stripe.Refund));

const applySubscription = async (e: Stripe.Event) => void (await applySubscriptionEvent(e));

/**
 * A handler's verdict that retrying cannot help (the event names something that cannot be, say):
 * the event is dead at once instead of after every retry, and waits for an operator's replay.
 */
export class UnprocessableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnprocessableEventError";
  }
}

export type EventContext = { attempt: number };
type EventHandler = (event: Stripe.Event, ctx: EventContext) => Promise<void>;

/**
 * Test-only event types, handled when CASHLINE_TEST_EVENTS=1 (the e2e server): a
 * `cashline.test_fail_once` event cannot be processed on its first attempt (so it is dead) and
 * is processed when replayed.
 */
const testEventHandlers: Partial<Record<string, EventHandler>> = {
  "cashline.test_fail_once": async (_e, { attempt }) => {
    if (attempt <= 1) throw new UnprocessableEventError("test event: fails on its first attempt");
  },
};

/** The effect of each event type (also a test seam). Extend here as Cashline learns more events. */
export const eventHandlers: Partial<Record<string, EventHandler>> = {
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
  // Refunds (lib/refunds): a refund's own events carry it (its status only moves forward, so a
  // late or repeated one is a no-op); charge.refunded re-reads the charge's refunds from Stripe.
  "refund.created": applyRefundEvent,
  "refund.updated": applyRefundEvent,
  "refund.failed": applyRefundEvent,
  "charge.refund.updated": applyRefundEvent,
  "charge.refunded": async (e) => void (await syncChargeRefunds(e.data.object as Stripe.Charge)),
};

async function applyStripeEvent(event: Stripe.Event, ctx: EventContext): Promise<void> {
  const handler = eventHandlers[event.type] ?? (env().CASHLINE_TEST_EVENTS === "1" ? testEventHandlers[event.type] : undefined);
  if (handler) await handler(event, ctx);
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
