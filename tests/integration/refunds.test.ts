import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportOrdersRoute } from "@/app/api/v1/admin/orders/export/route";
import { GET as listOrdersRoute } from "@/app/api/v1/admin/orders/route";
import { GET as getOrderRoute } from "@/app/api/v1/admin/orders/[id]/route";
import { POST as refundRoute } from "@/app/api/v1/admin/orders/[id]/refunds/route";
import { GET as listEventsRoute } from "@/app/api/v1/admin/webhook-events/route";
import { POST as replayRoute } from "@/app/api/v1/admin/webhook-events/[id]/replay/route";
import { auditLog, emails, orders, refunds, users, webhookEvents } from "@/db/schema";
import { signAccessToken } from "@/lib/auth/tokens";
import { auditSettled } from "@/lib/http/audit";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { addToCart, createCart } from "@/lib/cart";
import { startCheckout } from "@/lib/checkout";
import { startWorkers } from "@/lib/jobs/worker";
import { listReviewsForOrder, orderReference } from "@/lib/orders";
import { createRefund, listRefundsForOrder } from "@/lib/refunds";
import { eventHandlers, getWebhookEvent, receiveStripeWebhook, replayStripeEvent, UnprocessableEventError } from "@/lib/webhooks";
import { eventually } from "../support/eventually";
import { eventJson } from "../support/events";
import { productIds, receiveAsTheRoute, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;
const db = () => testDb.handle.db;

// Webhooks arrive shuffled, twice, late (seeded: WEBHOOK_CHAOS_SEED replays a failure), and the
// app's Stripe calls take a little time, so that concurrent refunds really overlap.
const CHAOS_SEED = Number(process.env.WEBHOOK_CHAOS_SEED ?? 20261213);

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ deliverTo: receiveAsTheRoute, webhookChaos: { seed: CHAOS_SEED }, latencyMs: [20, 80], seed: true }));
  [mug] = await productIds("stoneware-mug");
  await startWorkers({ retry: { retryLimit: 1, retryDelay: 0, retryBackoff: false }, pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0];

/** A paid order of two mugs ($44.00), paid the way the browser does, once its webhook made it paid. */
async function paidOrder(email = "refund-me@example.com", card = "pm_card_visa") {
  const cart = await createCart();
  await addToCart(cart.id, mug, 2);
  const s = await startCheckout({ cartId: cart.id, email });
  await stripe.stripe.paymentIntents.confirm(s.paymentIntentId, { payment_method: card, return_url: "http://127.0.0.1/checkout/complete" });
  await eventually(async () => (await orderRow(s.orderId)).status === "paid", "the order to be paid");
  return s;
}

const stripeRefunds = async (pi: string) => (await stripe.stripe.refunds.list({ payment_intent: pi, limit: 100 })).data;
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

function signedEvent(type: string, object: object): { raw: string; signature: string; id: string } {
  const { id, raw } = eventJson(type, object);
  return { raw, signature: stripe.sign(raw), id };
}

describe(`refunds (${process.env.DATABASE_URL ? "postgres" : "pglite"}, webhook chaos seed ${CHAOS_SEED})`, () => {
  it("refunds part, then the rest: partially_refunded, then refunded, one email per refund", async () => {
    const s = await paidOrder();
    const first = await createRefund({ orderId: s.orderId, amount: 1500, reason: "requested_by_customer", adminId: null });
    expect(first.refund).toMatchObject({ amount: 1500, status: "succeeded", reason: "requested_by_customer" });
    expect(first.refund.stripeRefundId).toMatch(/^re_/);
    await eventually(async () => (await orderRow(s.orderId)).status === "partially_refunded", "partially refunded");
    expect((await orderRow(s.orderId)).amountRefunded).toBe(1500);

    const rest = await createRefund({ orderId: s.orderId, adminId: null });
    expect(rest.refund.amount).toBe(4400 - 1500);
    const order = await eventually(async () => {
      const o = await orderRow(s.orderId);
      return o.status === "refunded" ? o : null;
    }, "refunded in full");
    expect(order.amountRefunded).toBe(4400);
    const charge = await stripe.stripe.charges.retrieve((await stripe.stripe.paymentIntents.retrieve(s.paymentIntentId)).latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 4400, refunded: true });

    const mails = await eventually(async () => {
      const rows = (await db().select().from(emails).where(eq(emails.orderId, s.orderId))).filter((e) => e.kind === "refund");
      return rows.length === 2 ? rows : null;
    }, "two refund emails");
    expect(mails.map((m) => m.subject).sort()).toEqual([`Your refund of $15.00 for order ${orderReference(s.orderNumber)}`, `Your refund of $29.00 for order ${orderReference(s.orderNumber)}`]);
    expect(mails.find((m) => m.subject.includes("$29.00"))!.text).toContain("refunded in full");

    // Nothing left: a third refund is refused before Stripe is asked.
    const none = await refusal(createRefund({ orderId: s.orderId, amount: 1, adminId: null }));
    expect(none?.code).toBe("order_not_refundable");
    expect(statusOf(none!)).toBe(400);
    expect(await stripeRefunds(s.paymentIntentId)).toHaveLength(2);
  });

  it("makes one Stripe refund for two concurrent requests with one key, and for a retry", async () => {
    const s = await paidOrder();
    const key = randomUUID();
    const [a, b] = await Promise.all([
      createRefund({ orderId: s.orderId, amount: 1000, idempotencyKey: key, adminId: null }),
      createRefund({ orderId: s.orderId, amount: 1000, idempotencyKey: key, adminId: null }),
    ]);
    expect(a.refund.id).toBe(b.refund.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const retry = await createRefund({ orderId: s.orderId, amount: 1000, idempotencyKey: key, adminId: null });
    expect(retry.refund.id).toBe(a.refund.id);
    expect(await stripeRefunds(s.paymentIntentId)).toHaveLength(1);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, s.orderId))).toHaveLength(1);
    // The same key for another amount is a conflict, not a second refund.
    const reused = await refusal(createRefund({ orderId: s.orderId, amount: 999, idempotencyKey: key, adminId: null }));
    expect(reused?.code).toBe("idempotency_key_reused");

    // Concurrent requests with different keys are serialised by the order's row lock: the
    // balance (4400) holds three refunds of 1000 after the first, and the fifth is refused.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => createRefund({ orderId: s.orderId, amount: 1000, adminId: null })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as DomainError).fields).toEqual({ amount: ["must be at most 400, the remaining refundable amount"] });
    expect(await stripeRefunds(s.paymentIntentId)).toHaveLength(4);
    await eventually(async () => (await orderRow(s.orderId)).amountRefunded === 4000, "4000 refunded");
  });

  it("refuses an over-refund (400 naming amount, with the remaining amount), a bad amount and an unpaid order, without asking Stripe", async () => {
    const s = await paidOrder();
    const over = await refusal(createRefund({ orderId: s.orderId, amount: 4401, adminId: null }));
    expect(over?.code).toBe("invalid_request");
    expect(statusOf(over!)).toBe(400);
    expect(over?.fields).toEqual({ amount: ["must be at most 4400, the remaining refundable amount"] });
    expect(over?.message).toContain("$44.00");
    for (const amount of [0, -5, 10.5]) {
      const bad = await refusal(createRefund({ orderId: s.orderId, amount, adminId: null }));
      expect(bad?.fields).toHaveProperty("amount");
    }
    expect(await stripeRefunds(s.paymentIntentId)).toHaveLength(0);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, s.orderId))).toHaveLength(0);

    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const unpaid = await startCheckout({ cartId: cart.id, email: "not-yet@example.com" });
    const refused = await refusal(createRefund({ orderId: unpaid.orderId, amount: 100, adminId: null }));
    expect(refused?.code).toBe("order_not_refundable");
    expect(statusOf(refused!)).toBe(400);
    expect(await stripeRefunds(unpaid.paymentIntentId)).toHaveLength(0);
    expect((await refusal(createRefund({ orderId: randomUUID(), adminId: null })))?.code).toBe("not_found");
  });

  it("is safe against late, duplicate and out-of-order refund events, and books refunds made on Stripe directly", async () => {
    const s = await paidOrder();
    // Made on Stripe's dashboard: only its webhooks tell Cashline.
    const direct = await stripe.stripe.refunds.create({ payment_intent: s.paymentIntentId, amount: 400 });
    const row = await eventually(async () => (await listRefundsForOrder(s.orderId)).find((r) => r.stripeRefundId === direct.id && r.status === "succeeded"), "the direct refund's row");
    expect(row).toMatchObject({ amount: 400, createdBy: null });
    await eventually(async () => (await orderRow(s.orderId)).status === "partially_refunded", "partially refunded by the direct refund");

    const full = await createRefund({ orderId: s.orderId, adminId: null });
    expect(full.refund.amount).toBe(4000);
    await eventually(async () => (await orderRow(s.orderId)).status === "refunded", "refunded");

    // A late `pending` copy of a succeeded refund, and a late charge.refunded from when only the
    // first refund existed: nothing moves back.
    const late = signedEvent("refund.updated", { ...direct, status: "pending" });
    const charge = await stripe.stripe.charges.retrieve(direct.charge as string);
    const oldCharge = signedEvent("charge.refunded", { ...charge, amount_refunded: 400, refunded: false });
    for (const ev of [late, oldCharge, late]) await receiveStripeWebhook(ev.raw, ev.signature);
    for (const ev of [late, oldCharge]) await eventually(async () => (await getWebhookEvent(ev.id))?.status === "processed", ev.id);
    const after = await orderRow(s.orderId);
    expect(after).toMatchObject({ status: "refunded", amountRefunded: 4400 });
    expect((await listRefundsForOrder(s.orderId)).map((r) => [r.amount, r.status])).toEqual([
      [400, "succeeded"],
      [4000, "succeeded"],
    ]);
    // A refund that fails after it succeeded (Stripe's asynchronous failure) is flagged for an
    // operator; the order never moves back.
    const failed = signedEvent("refund.failed", { ...direct, status: "failed", failure_reason: "expired_or_canceled_card" });
    await receiveStripeWebhook(failed.raw, failed.signature);
    await eventually(async () => (await getWebhookEvent(failed.id))?.status === "processed", "the refund.failed event");
    expect((await listRefundsForOrder(s.orderId))[0]).toMatchObject({ status: "failed", failureReason: "expired_or_canceled_card" });
    expect(await listReviewsForOrder(s.orderId)).toEqual([expect.objectContaining({ reason: "refund_failed", amount: 400, paymentIntentId: s.paymentIntentId })]);
    expect(await orderRow(s.orderId)).toMatchObject({ status: "refunded", amountRefunded: 4400 });
    // Every delayed duplicate delivered: still two refund emails, one per refund.
    await eventually(async () => {
      const res = (await (await fetch(`${stripe.emulatorUrl}/_emulator/deliveries?status=pending`)).json()) as { data: unknown[] };
      return res.data.length === 0;
    }, "no pending deliveries");
    await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, s.orderId))).filter((e) => e.kind === "refund").length === 2, "two refund emails");
  });

  it("keeps a pending refund's amount held and moves the order when Stripe's refund.updated says it succeeded", async () => {
    const s = await paidOrder("pending-refund@example.com", "pm_card_pendingRefund");
    const { refund } = await createRefund({ orderId: s.orderId, amount: 2000, adminId: null });
    expect(refund.status).toBe("pending");
    expect((await orderRow(s.orderId)).status).toBe("paid");
    // The pending refund holds its amount: only 2400 is left.
    expect((await refusal(createRefund({ orderId: s.orderId, amount: 2401, adminId: null })))?.fields).toEqual({ amount: ["must be at most 2400, the remaining refundable amount"] });
    const advanced = await fetch(`${stripe.emulatorUrl}/_emulator/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds: 6 }) });
    expect(advanced.status).toBe(200);
    await eventually(async () => (await orderRow(s.orderId)).status === "partially_refunded", "partially refunded once the refund succeeded");
    expect((await listRefundsForOrder(s.orderId))[0]).toMatchObject({ id: refund.id, status: "succeeded" });
    await eventually(async () => (await db().select().from(emails).where(eq(emails.orderId, s.orderId))).some((e) => e.kind === "refund"), "the refund email");
  });

  it("replays a dead event through the job path with one effect", async () => {
    let effects = 0;
    eventHandlers["cashline.test_replay"] = async (_e: Stripe.Event, { attempt }) => {
      if (attempt === 1) throw new UnprocessableEventError("not yet");
      effects++;
    };
    const ev = signedEvent("cashline.test_replay", { id: "obj_test" });
    await receiveStripeWebhook(ev.raw, ev.signature);
    const dead = await eventually(async () => {
      const e = await getWebhookEvent(ev.id);
      return e?.status === "dead" ? e : null;
    }, "the event to be dead");
    expect(dead).toMatchObject({ attempts: 1, lastError: "not yet" });
    expect(effects).toBe(0);
    // A double click on "replay": two jobs, one claim at a time, one effect.
    await Promise.all([replayStripeEvent(ev.id), replayStripeEvent(ev.id)]);
    await eventually(async () => (await getWebhookEvent(ev.id))?.status === "processed", "the replayed event processed");
    // A redelivery of a processed event adds no job.
    await receiveStripeWebhook(ev.raw, stripe.sign(ev.raw));
    const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, ev.id));
    expect(row.status).toBe("processed");
    expect(effects).toBe(1);
  });
});

describe("the admin API", () => {
  let adminToken: string;
  let adminId: string;
  let customerToken: string;
  beforeAll(async () => {
    const [admin] = await db().insert(users).values({ email: "refund-admin@example.com", role: "admin" }).returning();
    const [customer] = await db().insert(users).values({ email: "just-a-customer@example.com" }).returning();
    adminId = admin.id;
    adminToken = await signAccessToken(admin.id);
    customerToken = await signAccessToken(customer.id);
  });
  const headers = (token = adminToken, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });
  const refund = (orderId: string, body: unknown, extra: Record<string, string> = {}, token = adminToken) =>
    refundRoute(new Request(`http://localhost/api/v1/admin/orders/${orderId}/refunds`, { method: "POST", headers: { ...headers(token, extra), "content-type": "application/json" }, body: JSON.stringify(body) }), params({ id: orderId }));

  it("refunds through POST /orders/{id}/refunds with an Idempotency-Key, and refuses bad amounts naming the field", async () => {
    const s = await paidOrder("api-refund@example.com");
    expect((await refund(s.orderId, { amount: 100 }, {}, customerToken)).status).toBe(403);
    for (const amount of [0, -1, 1.5, "100"]) {
      const res = await refund(s.orderId, { amount });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields).toHaveProperty("amount");
    }
    const key = { "Idempotency-Key": randomUUID() };
    const first = await refund(s.orderId, { amount: 1200, reason: "duplicate" }, key);
    expect(first.status).toBe(201);
    const created = (await first.json()).data;
    expect(created).toMatchObject({ amount: 1200, reason: "duplicate", status: "succeeded", created_by: adminId });
    const again = await refund(s.orderId, { amount: 1200, reason: "duplicate" }, key);
    expect(again.status).toBe(200);
    expect((await again.json()).data.id).toBe(created.id);
    const over = await refund(s.orderId, { amount: 5000 });
    expect(over.status).toBe(400);
    const overBody = await over.json();
    expect(overBody.error.fields).toEqual({ amount: ["must be at most 3200, the remaining refundable amount"] });
    expect(await stripeRefunds(s.paymentIntentId)).toHaveLength(1);

    const detail = await getOrderRoute(new Request(`http://localhost/api/v1/admin/orders/${s.orderId}`, { headers: headers() }), params({ id: s.orderId }));
    expect((await detail.json()).data).toMatchObject({ id: s.orderId, refundable_amount: 3200, refunds: [{ id: created.id, amount: 1200 }] });
    await auditSettled();
    const audited = await db().select().from(auditLog).where(and(eq(auditLog.userId, adminId), like(auditLog.path, `/api/v1/admin/orders/${s.orderId}/refunds`)));
    expect(audited.map((a) => a.status).sort()).toEqual([200, 201, 400, 400, 400, 400, 400]);
  });

  it("lists orders by email and status a page at a time, and exports the filter as CSV", async () => {
    const s = await paidOrder("Find.Me+admin@example.com");
    const list = async (q: string) => {
      const res = await listOrdersRoute(new Request(`http://localhost/api/v1/admin/orders${q}`, { headers: headers() }), params());
      expect(res.status).toBe(200);
      return (await res.json()) as { data: { id: string; email: string; status: string; source: string }[]; next_cursor: string | null };
    };
    const found = await list("?email=find.me%2Badmin");
    expect(found.data).toEqual([expect.objectContaining({ id: s.orderId, email: "find.me+admin@example.com", status: "paid", source: "web" })]);
    expect((await list("?email=find.me%2Badmin&status=refunded")).data).toEqual([]);
    // The search takes the reference a shopper reads out, in any case.
    const byReference = await list(`?email=${encodeURIComponent(orderReference(s.orderNumber).toLowerCase())}`);
    expect(byReference.data.map((o) => o.id)).toEqual([s.orderId]);
    const first = await list("?limit=1");
    expect(first.data).toHaveLength(1);
    const second = await list(`?limit=1&cursor=${first.next_cursor}`);
    expect(second.data[0].id).not.toBe(first.data[0].id);
    const bad = await listOrdersRoute(new Request("http://localhost/api/v1/admin/orders?status=lost&from=yesterday", { headers: headers() }), params());
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["from", "status"]);
    expect((await listOrdersRoute(new Request("http://localhost/api/v1/admin/orders", { headers: headers(customerToken) }), params())).status).toBe(403);

    const csv = await exportOrdersRoute(new Request("http://localhost/api/v1/admin/orders/export?email=find.me", { headers: headers() }), params());
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("number,created_at,email,customer,status,currency,amount_total,amount_refunded,source,payment_intent,id");
    expect(lines.slice(1)).toEqual([expect.stringContaining(`${s.orderNumber},`)]);
    expect(lines[1]).toContain(",find.me+admin@example.com,guest,paid,usd,4400,0,web,");
  });

  it("lists webhook events by status and replays one (202, audited)", async () => {
    const res = await listEventsRoute(new Request("http://localhost/api/v1/admin/webhook-events?status=processed&type=payment_intent.succeeded&limit=2", { headers: headers() }), params());
    expect(res.status).toBe(200);
    const page = (await res.json()) as { data: { id: string; status: string; type: string }[]; next_cursor: string | null };
    expect(page.data).toHaveLength(2);
    expect(page.data.every((e) => e.status === "processed" && e.type === "payment_intent.succeeded")).toBe(true);
    const older = await listEventsRoute(new Request(`http://localhost/api/v1/admin/webhook-events?status=processed&limit=2&cursor=${page.next_cursor}`, { headers: headers() }), params());
    expect(((await older.json()).data as { id: string }[]).map((e) => e.id)).not.toContain(page.data[0].id);

    const id = page.data[0].id;
    const replay = await replayRoute(new Request(`http://localhost/api/v1/admin/webhook-events/${id}/replay`, { method: "POST", headers: headers() }), params({ id }));
    expect(replay.status).toBe(202);
    await eventually(async () => (await getWebhookEvent(id))?.status === "processed", "the replayed event processed again");
    const missing = await replayRoute(new Request("http://localhost/api/v1/admin/webhook-events/evt_nope/replay", { method: "POST", headers: headers() }), params({ id: "evt_nope" }));
    expect(missing.status).toBe(404);
    await auditSettled();
    const audited = await db().select().from(auditLog).where(and(eq(auditLog.userId, adminId), like(auditLog.path, "%/replay")));
    expect(audited.map((a) => a.status).sort()).toEqual([202, 404]);
  });
});
