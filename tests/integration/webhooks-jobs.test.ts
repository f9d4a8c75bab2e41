import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emails, orders, webhookEvents } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { addToCart, createCart, getCartView } from "@/lib/cart";
import { startCheckout } from "@/lib/checkout";
import { databaseHandle } from "@/lib/db";
import { processEmailJob, type EmailJob } from "@/lib/email";
import { enqueue, pgBossDb, QUEUES } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { eventHandlers, getWebhookEvent, processStripeEvent, receiveStripeWebhook } from "@/lib/webhooks";
import { eventually } from "../support/eventually";
import { orderReference } from "@/lib/orders";
import { productIds, receiveAsTheRoute, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;
const received: string[] = [];

/** The webhook route's answer to a delivery; those it took are kept in `received`. */
async function deliver(raw: string, signature: string | null): Promise<number> {
  const status = await receiveAsTheRoute(raw, signature);
  if (status === 200) received.push(raw);
  return status;
}

/**
 * Webhooks arrive as Stripe may send them: shuffled, some twice, some late (the emulator's chaos
 * mode, seeded so a failure replays: WEBHOOK_CHAOS_SEED=<seed printed by the emulator>).
 */
const CHAOS_SEED = Number(process.env.WEBHOOK_CHAOS_SEED ?? 20261202);

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ deliverTo: deliver, webhookChaos: { seed: CHAOS_SEED }, seed: true }));
  [mug] = await productIds("stoneware-mug");
  // Fast retries so the dead-letter path runs in a second.
  await startWorkers({ retry: { retryLimit: 2, retryDelay: 0, retryBackoff: false }, pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const db = () => testDb.handle.db;

async function paidOrder(card = "pm_card_visa") {
  const cart = await createCart();
  await addToCart(cart.id, mug, 2);
  const s = await startCheckout({ cartId: cart.id, email: "shopper@example.com" });
  // What the browser does (Stripe.js confirmPayment): a server-side confirmation of an intent with automatic payment methods needs return_url.
  await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: card, return_url: "http://127.0.0.1/checkout/complete" }).catch(() => undefined);
  return { ...s, cartId: cart.id };
}

function signedEvent(type: string, object: object): { raw: string; signature: string; id: string } {
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, api_version: "2026-10-28.endive", pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { raw, signature: stripe.sign(raw), id };
}

describe(`webhooks and jobs (${process.env.DATABASE_URL ? "postgres" : "pglite"}, webhook chaos seed ${CHAOS_SEED})`, () => {
  it("pays the order from the delivered event: order paid, cart emptied, one receipt in the outbox", async () => {
    const s = await paidOrder();
    const order = await eventually(async () => {
      const [o] = await db().select().from(orders).where(eq(orders.id, s.orderId));
      return o.status === "paid" ? o : null;
    }, "the order to be paid");
    expect(order.paidAt).toBeInstanceOf(Date);
    expect((await getCartView(s.cartId)).lines).toHaveLength(0);
    const receipt = await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, s.orderId)))[0], "the receipt");
    expect(receipt).toMatchObject({ kind: "receipt", to: "shopper@example.com", status: "outbox" });
    expect(receipt.text).toContain("$44.00");
    expect(receipt.subject).toContain(orderReference(s.orderNumber));
  });

  it("stores each event once and applies a duplicate delivery once", async () => {
    const s = await paidOrder();
    const succeeded = await eventually(async () => {
      const rows = await db().select().from(webhookEvents).where(eq(webhookEvents.type, "payment_intent.succeeded"));
      return rows.find((r) => (r.payload as Stripe.Event & { data: { object: Stripe.PaymentIntent } }).data.object.id === s.paymentIntentId && r.status === "processed");
    }, "the succeeded event to be processed");
    // Stripe delivers it again (same id, fresh signature).
    const raw = JSON.stringify(succeeded.payload);
    await expect(receiveStripeWebhook(raw, stripe.sign(raw))).resolves.toEqual({ duplicate: true });
    await processStripeEvent(succeeded.id); // a racing worker: no-op
    const events = await db().select().from(webhookEvents).where(eq(webhookEvents.id, succeeded.id));
    expect(events).toHaveLength(1);
    expect(events[0].attempts).toBe(1);
    await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, s.orderId))).length === 1, "one receipt");
    expect(await db().select().from(emails).where(eq(emails.orderId, s.orderId))).toHaveLength(1);
  });

  it("ends right when a burst of payments' events arrives shuffled, duplicated and late: every order paid, one receipt each", async () => {
    const paid = await Promise.all(Array.from({ length: 6 }, () => paidOrder()));
    for (const s of paid) {
      await eventually(async () => (await db().select().from(orders).where(eq(orders.id, s.orderId)))[0].status === "paid", `order ${s.orderNumber} paid`);
      await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, s.orderId))).length === 1, `the receipt of ${s.orderNumber}`);
    }
    // Let every delayed duplicate arrive (the emulator's log shows none pending), then nothing changed.
    await eventually(async () => {
      const res = (await (await fetch(`${stripe.emulatorUrl}/_emulator/deliveries?status=pending`)).json()) as { data: unknown[] };
      return res.data.length === 0;
    }, "no pending deliveries");
    for (const s of paid) {
      expect((await db().select().from(orders).where(eq(orders.id, s.orderId)))[0].status).toBe("paid");
      expect(await db().select().from(emails).where(eq(emails.orderId, s.orderId))).toHaveLength(1);
    }
  });

  it("keeps a paid order paid when a late `processing` or `payment_failed` arrives", async () => {
    const s = await paidOrder();
    await eventually(async () => (await db().select().from(orders).where(eq(orders.id, s.orderId)))[0].status === "paid", "paid");
    const pi = await stripe.stripe.paymentIntents.retrieve(s.paymentIntentId);
    for (const [type, status] of [["payment_intent.processing", "processing"], ["payment_intent.payment_failed", "requires_payment_method"]] as const) {
      const late = signedEvent(type, { ...pi, status, last_payment_error: status === "processing" ? null : { message: "late decline", code: "card_declined" } });
      await receiveStripeWebhook(late.raw, late.signature);
      await eventually(async () => (await getWebhookEvent(late.id))?.status === "processed", `the late ${type}`);
    }
    const [order] = await db().select().from(orders).where(eq(orders.id, s.orderId));
    expect(order.status).toBe("paid");
    expect(order.lastPaymentError).toBeNull();
  });

  it("a decline then a successful retry sends the receipt alone; a decline the shopper leaves gets one late payment-failed email", async () => {
    const scheduled = async (orderId: string) =>
      databaseHandle().query<{ data: EmailJob; start_after: Date }>(
        `select data, start_after from pgboss.job where name = $1 and data->>'dedupeKey' = $2`,
        [QUEUES.emails, `payment_failed:${orderId}`],
      );
    const statusOfOrder = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0].status;
    const before = Date.now();

    // Declined, then paid with another card: the delayed email, when its time comes, is not sent.
    const retried = await paidOrder("pm_card_chargeDeclined");
    await eventually(async () => (await statusOfOrder(retried.orderId)) === "failed", "the decline");
    const [job] = await eventually(async () => {
      const jobs = await scheduled(retried.orderId);
      return jobs.length ? jobs : undefined;
    }, "the payment-failed email's job");
    expect(new Date(job.start_after).getTime()).toBeGreaterThanOrEqual(before + 29 * 60_000);
    await stripe.stripe.paymentIntents.confirm(retried.paymentIntentId, { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/checkout/complete" });
    await eventually(async () => (await statusOfOrder(retried.orderId)) === "paid", "the retry's payment");
    expect(await processEmailJob(job.data)).toBeNull();
    await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, retried.orderId))).length === 1, "the receipt");
    expect((await db().select().from(emails).where(eq(emails.orderId, retried.orderId))).map((e) => e.kind)).toEqual(["receipt"]);

    // Declined twice, then left: one job, and it writes one email.
    const left = await paidOrder("pm_card_chargeDeclined");
    await eventually(async () => (await statusOfOrder(left.orderId)) === "failed", "the first decline");
    const firstLastError = (await db().select().from(orders).where(eq(orders.id, left.orderId)))[0].lastPaymentError;
    expect(firstLastError).toBeTruthy();
    await stripe.stripe.paymentIntents
      .confirm(left.paymentIntentId, { payment_method: "pm_card_chargeDeclinedInsufficientFunds", return_url: "http://127.0.0.1/checkout/complete" })
      .catch(() => undefined);
    await eventually(async () => (await db().select().from(orders).where(eq(orders.id, left.orderId)))[0].lastPaymentError !== firstLastError, "the second decline");
    const jobs = await scheduled(left.orderId);
    expect(jobs).toHaveLength(1);
    const email = await processEmailJob(jobs[0].data);
    expect(email).toMatchObject({ kind: "payment_failed", to: "shopper@example.com", orderId: left.orderId });
    expect(await processEmailJob(jobs[0].data)).toMatchObject({ id: email!.id });
    expect((await db().select().from(emails).where(eq(emails.orderId, left.orderId))).map((e) => e.kind)).toEqual(["payment_failed"]);
  });

  it("refuses a bad, missing or stale signature with 400 and stores nothing", async () => {
    const ev = signedEvent("payment_intent.succeeded", { id: "pi_nothing" });
    const tampered = ev.raw.replace("pi_nothing", "pi_tampered");
    const stale = stripe.sign(ev.raw, Math.floor(Date.now() / 1000) - 3600);
    for (const [raw, sig] of [[tampered, ev.signature], [ev.raw, null], [ev.raw, stale], [ev.raw, "t=1,v1=deadbeef"]] as const) {
      const err = await receiveStripeWebhook(raw, sig).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(statusOf(err as DomainError)).toBe(400);
    }
    expect(await getWebhookEvent(ev.id)).toBeNull();
  });

  it("retries a failing handler, then dead-letters the event", async () => {
    let calls = 0;
    eventHandlers["cashline.test_failure"] = async () => {
      calls += 1;
      throw new Error("handler exploded");
    };
    const ev = signedEvent("cashline.test_failure", { id: "obj_1" });
    await receiveStripeWebhook(ev.raw, ev.signature);
    const dead = await eventually(async () => {
      const row = await getWebhookEvent(ev.id);
      return row?.status === "dead" ? row : null;
    }, "the event to be dead-lettered", 30_000);
    expect(dead.attempts).toBe(3); // first try + retryLimit 2
    expect(calls).toBe(3);
    expect(dead.lastError).toBe("handler exploded");
    delete eventHandlers["cashline.test_failure"];
  });

  it("handles each event once with two workers on one database", async () => {
    let effects = 0;
    eventHandlers["cashline.test_count"] = async () => {
      effects += 1;
    };
    // A second, independent pg-boss instance on the same database: another app instance or `npm run worker`.
    const handle = databaseHandle();
    const second =
      handle.target.kind === "postgres"
        ? new PgBoss({ connectionString: handle.target.url, max: 2 })
        : new PgBoss({ db: pgBossDb(handle) });
    await second.start();
    await second.work<{ eventId: string }>(QUEUES.stripeEvents, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) await processStripeEvent(job.data.eventId);
    });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const ev = signedEvent("cashline.test_count", { id: `obj_${i}` });
      ids.push(ev.id);
      await receiveStripeWebhook(ev.raw, ev.signature);
      await enqueue(QUEUES.stripeEvents, { eventId: ev.id }); // a replayed job for the same event
    }
    await eventually(async () => {
      const rows = await db().select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
      return rows.every((r) => r.status === "processed");
    }, "all events processed");
    await second.stop({ graceful: true, wait: true });
    expect(effects).toBe(12);
    const rows = await db().select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    delete eventHandlers["cashline.test_count"];
  });
});
