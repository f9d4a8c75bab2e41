import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emails, stripeCustomers, subscriptions, webhookEvents } from "@/db/schema";
import { createUser } from "@/lib/auth/users";
import { issueTokenPair } from "@/lib/auth/tokens";
import { toSessionUser, type SessionUser } from "@/lib/auth/types";
import { isDomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { stopJobQueue } from "@/lib/jobs/queue";
import { getStripe } from "@/lib/stripe/server";
import { startWorkers } from "@/lib/jobs/worker";
import {
  applyStripeSubscription,
  applySubscriptionEvent,
  cancelSubscription,
  changePlan,
  currentSubscription,
  ensurePlans,
  listPlans,
  previewPlanChange,
  resumeSubscription,
  subscribe,
} from "@/lib/subscriptions";
import { forgetPlans } from "@/lib/subscriptions/plans";
import { POST as subscribeRoute } from "@/app/(compat)/(001-subscriptions-service)/api/subscriptions/subscribe/route";
import { GET as statusRoute } from "@/app/(compat)/(001-subscriptions-service)/api/subscriptions/status/route";
import { POST as apiSubscribe } from "@/app/api/v1/subscriptions/route";
import { GET as apiCurrent } from "@/app/api/v1/subscriptions/current/route";
import { GET as apiChangePreview } from "@/app/api/v1/subscriptions/current/change-preview/route";
import { POST as apiChange } from "@/app/api/v1/subscriptions/current/change/route";
import { POST as apiCancel } from "@/app/api/v1/subscriptions/current/cancel/route";
import { POST as apiResume } from "@/app/api/v1/subscriptions/current/resume/route";
import { eventually } from "../support/eventually";
import { startTestStripe, type TestStripe } from "../support/stripe";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";
import { receiveAsTheRoute } from "../support/integration";

let stripe: TestStripe;
let testDb: TestDatabase;
let seq = 0;

beforeAll(async () => {
  // Real Stripe takes time: races only show when calls do.
  stripe = await startTestStripe({ deliverTo: receiveAsTheRoute, latencyMs: [5, 40] });
  testDb = await createTestDatabase();
  await startWorkers({ retry: { retryLimit: 3, retryDelay: 0, retryBackoff: false }, pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await stopJobQueue();
  await testDb.drop();
  await stripe.close();
});

const db = () => testDb.handle.db;

async function member(): Promise<SessionUser> {
  const user = await createUser({ email: `member${seq++}-${randomBytes(3).toString("hex")}@example.com`, password: "correct horse battery staple", name: "Member" });
  return toSessionUser(user);
}
const rowOf = async (userId: string) => (await db().select().from(subscriptions).where(eq(subscriptions.userId, userId))) ;
const emailKinds = (to: string, count: number) =>
  eventually(async () => {
    const rows = await db().select().from(emails).where(eq(emails.to, to));
    return rows.length >= count ? rows.map((r) => r.kind).sort() : null;
  }, `${count} emails to ${to}`);
const piOf = (clientSecret: string) => clientSecret.split("_secret_")[0];
const advance = async (subId: string) => {
  const res = await fetch(`${stripe.emulatorUrl}/_emulator/subscriptions/${subId}/advance`, { method: "POST" });
  expect(res.status).toBe(200);
  return (await res.json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice };
};
const statusIs = (userId: string, status: string, extra: (r: typeof subscriptions.$inferSelect) => boolean = () => true) =>
  eventually(async () => {
    const r = await currentSubscription(userId);
    return r && r.status === status && extra(r) ? r : null;
  }, `the subscription to be ${status}`);

async function activeMember(card = "pm_card_visa") {
  const user = await member();
  const started = await subscribe(user, "basic");
  await stripe.stripe.paymentIntents.confirm(piOf(started.clientSecret!), { payment_method: card });
  const row = await statusIs(user.id, "active");
  return { user, row, subId: row.stripeSubscriptionId! };
}

type Answer = { status: number; body: Record<string, unknown> };
const noCtx = { params: Promise.resolve({}) };
async function call(handler: (req: Request, ctx: typeof noCtx) => Promise<Response>, path: string, init: { method?: string; body?: unknown; auth?: string }): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.auth) headers.authorization = init.auth;
  const res = await handler(new Request(`http://shop.test${path}`, { method: init.method ?? "POST", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }), noCtx);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const SEED_BODY = { subscription_product: "basic_subscription", card_number: "4242424242424242", card_expiration_month: 12, card_expiration_year: 2030, card_cvc: 999 };

describe(`subscriptions (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("has both plans, found by lookup key, created once (a second ensurePlans creates nothing)", async () => {
    const plans = await listPlans();
    expect(plans.map((p) => [p.key, p.lookupKey, p.currency, p.interval])).toEqual([
      ["basic", "basic_subscription", "usd", "month"],
      ["pro", "pro_subscription", "usd", "month"],
    ]);
    expect(await ensurePlans()).toEqual({ created: [], existing: ["basic_subscription", "pro_subscription"] });
    const prices = await stripe.stripe.prices.list({ lookup_keys: ["basic_subscription", "pro_subscription"] });
    expect(prices.data).toHaveLength(2);
  });

  it("subscribes: one customer, a subscription paid with the first invoice's secret, active through the webhook with its period", async () => {
    const { user, row, subId } = await activeMember();
    const sub = await stripe.stripe.subscriptions.retrieve(subId);
    expect(row.currentPeriodEnd!.getTime()).toBe(sub.items.data[0].current_period_end * 1000);
    expect(row.currentPeriodStart!.getTime()).toBe(sub.items.data[0].current_period_start * 1000);
    expect(row).toMatchObject({ plan: "basic", cardBrand: "visa", cardLast4: "4242", cancelAtPeriodEnd: false });
    const [customer] = await db().select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
    expect((await stripe.stripe.customers.list({ email: user.email })).data.map((c) => c.id)).toEqual([customer.customerId]);
    await expect(subscribe(user, "pro")).rejects.toMatchObject({ code: "already_subscribed" });
  });

  it("lets two racing subscribes make one customer, one subscription and one first invoice", async () => {
    const user = await member();
    const results = await Promise.allSettled([subscribe(user, "basic"), subscribe(user, "basic"), subscribe(user, "pro")]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(ok).toHaveLength(1);
    expect(refused.every((e) => isDomainError(e, "already_subscribed") && statusOf(e) === 409)).toBe(true);
    const customers = (await stripe.stripe.customers.list({ email: user.email })).data;
    expect(customers).toHaveLength(1);
    const subs = await stripe.stripe.subscriptions.list({ customer: customers[0].id, status: "all" });
    expect(subs.data).toHaveLength(1);
    expect((await stripe.stripe.invoices.list({ customer: customers[0].id })).data).toHaveLength(1);
    expect(await rowOf(user.id)).toHaveLength(1);
  });

  it("refuses an unknown plan before anything is written or created on Stripe", async () => {
    const user = await member();
    await expect(subscribe(user, "gold")).rejects.toMatchObject({ code: "unknown_plan", fields: { plan: [expect.any(String)] } });
    expect(await rowOf(user.id)).toHaveLength(0);
    expect((await stripe.stripe.customers.list({ email: user.email })).data).toHaveLength(0);
  });

  it("renews: the period moves on; a failed renewal makes it past_due", async () => {
    const { user, row, subId } = await activeMember();
    await advance(subId);
    const renewed = await statusIs(user.id, "active", (r) => r.currentPeriodEnd!.getTime() > row.currentPeriodEnd!.getTime());
    expect(renewed.currentPeriodStart!.getTime()).toBe(row.currentPeriodEnd!.getTime());
    expect(await emailKinds(user.email, 2)).toEqual(["subscription_renewed", "subscription_started"]);
    const [receipt] = await db().select().from(emails).where(eq(emails.dedupeKey, `subscription:subscription_renewed:${(await currentSubscription(user.id))!.latestInvoiceId}`));
    expect(receipt.text).toContain("$9.00");

    // The saved card declines its next charge (as 4000000000000341 would have from the start).
    const failing = await activeMember();
    const pm = (await stripe.stripe.subscriptions.retrieve(failing.subId)).default_payment_method as string;
    expect((await fetch(`${stripe.emulatorUrl}/_emulator/payment_methods/${pm}/fail_next`, { method: "POST" })).status).toBe(200);
    await advance(failing.subId);
    await statusIs(failing.user.id, "past_due");
    expect(await emailKinds(failing.user.email, 2)).toEqual(["subscription_payment_failed", "subscription_started"]);
    const [failed] = await db().select().from(emails).where(eq(emails.kind, "subscription_payment_failed"));
    expect(failed.text).toContain("/account/subscription");
    expect(failed.text).toContain("Your card was declined.");
  });

  it("cancels at period end, resumes, cancels again and ends at the period's end", async () => {
    const { user, subId } = await activeMember();
    expect((await cancelSubscription(user.id)).cancelAtPeriodEnd).toBe(true);
    expect((await stripe.stripe.subscriptions.retrieve(subId)).cancel_at_period_end).toBe(true);
    expect((await resumeSubscription(user.id)).cancelAtPeriodEnd).toBe(false);
    await cancelSubscription(user.id);
    await advance(subId);
    const ended = await statusIs(user.id, "canceled");
    expect(ended.canceledAt).toBeInstanceOf(Date);
    const seedStatus = await call(statusRoute, "/api/subscriptions/status", { method: "GET", auth: `JWT ${(await issueTokenPair(user)).access}` });
    expect(seedStatus).toMatchObject({ status: 200, body: { status: "canceled", payment_gateway_status: "canceled", id_reference: subId } });
    expect(await emailKinds(user.email, 2)).toEqual(["subscription_canceled", "subscription_started"]);
    // Ended: a new subscription may start.
    await expect(subscribe(user, "pro")).resolves.toMatchObject({ clientSecret: expect.stringContaining("_secret_") });
  });

  it("ends in Stripe's final state whatever the order of events: in order, reversed, duplicated", async () => {
    const { user, subId } = await activeMember();
    await cancelSubscription(user.id);
    await advance(subId);
    const final = await statusIs(user.id, "canceled");
    const events = (await stripe.stripe.events.list({ limit: 100 })).data
      .filter((e) => {
        const o = e.data.object as { id: string; object: string; parent?: Stripe.Invoice["parent"] };
        return o.id === subId || o.parent?.subscription_details?.subscription === subId;
      })
      .reverse(); // oldest first
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.paid", "customer.subscription.updated", "customer.subscription.deleted"]));
    const snapshot = (r: typeof final) => ({ status: r.status, end: r.currentPeriodEnd?.getTime(), cancel: r.cancelAtPeriodEnd, price: r.stripePriceId });
    for (const order of [events, [...events].reverse(), [...events, ...events.slice(0, 3), ...events]]) {
      for (const e of order) await applySubscriptionEvent(e);
      expect(snapshot((await currentSubscription(user.id))!)).toEqual(snapshot(final));
    }
    // Each paid invoice is kept once for the dashboard, whatever the order and the duplicates.
    const paid = new Map(events.filter((e) => e.type === "invoice.paid").map((e) => [(e.data.object as Stripe.Invoice).id!, (e.data.object as Stripe.Invoice).amount_paid]));
    expect(paid.size).toBeGreaterThan(0);
    const kept = await testDb.handle.query<{ stripe_invoice_id: string; amount_paid: number }>(
      `select i.stripe_invoice_id, i.amount_paid from subscription_invoices i join subscriptions s on s.id = i.subscription_id where s.stripe_subscription_id = $1 order by i.paid_at`,
      [subId],
    );
    expect(new Map(kept.map((r) => [r.stripe_invoice_id, Number(r.amount_paid)]))).toEqual(paid);
    expect(kept).toHaveLength(paid.size);
    // A stale copy of the object (the created event's, read long ago) never moves the row back.
    const created = events.find((e) => e.type === "customer.subscription.created")!;
    await applyStripeSubscription(created.data.object as Stripe.Subscription, new Date(created.created * 1000));
    expect((await currentSubscription(user.id))!.status).toBe("canceled");
    // Every delivered event was processed by the durable jobs.
    await eventually(async () => {
      const rows = await db().select().from(webhookEvents);
      return rows.filter((r) => events.some((e) => e.id === r.id)).every((r) => r.status === "processed") ? true : null;
    }, "the events to be processed");
  });

  it("makes 2 Stripe calls for a first subscribe (4 with seed 001's card), timed", async () => {
    await listPlans(); // the plans are cached for a minute
    const calls: string[] = [];
    const listener = (r: { method: string; path: string; elapsed: number }) => calls.push(`${r.method} ${r.path.split("?")[0].replace(/(sub|pi)_[A-Za-z0-9]+/g, "$1_…")}`);
    getStripe().on("response", listener);
    try {
      const user = await member();
      let started = performance.now();
      await subscribe(user, "basic");
      const apiMs = performance.now() - started;
      // The webhook jobs of this process re-read subscriptions meanwhile (GET /v1/subscriptions/…): not the request's own.
      const own = () => calls.filter((c) => !c.startsWith("GET /v1/subscriptions/"));
      expect(own()).toEqual(["POST /v1/customers", "POST /v1/subscriptions"]);
      calls.length = 0;
      const other = await member();
      const auth = `JWT ${(await issueTokenPair(other)).access}`;
      started = performance.now();
      expect((await call(subscribeRoute, "/api/subscriptions/subscribe", { body: SEED_BODY, auth })).status).toBe(200);
      const seedMs = performance.now() - started;
      expect(own()).toEqual(["POST /v1/customers", "POST /v1/subscriptions", "POST /v1/payment_intents/pi_…/confirm"]);
      expect(calls).toContain("GET /v1/subscriptions/sub_…"); // and the one re-read after paying
      console.info(`one subscribe: ${apiMs.toFixed(0)} ms (API, 2 calls); seed 001 with its card: ${seedMs.toFixed(0)} ms (4 calls); Stripe answers delayed 5-40 ms each`);
    } finally {
      getStripe().off("response", listener);
    }
  });

  describe("seed 001's calls, verbatim", () => {
    it("subscribes with the card in the body (JWT <access>), 409 on a second subscribe, the status document exactly", async () => {
      const user = await member();
      const { access } = await issueTokenPair(user);
      const auth = `JWT ${access}`;
      const first = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: SEED_BODY, auth });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ status: "successful", payment_gateway_status: "active" });
      expect((await call(subscribeRoute, "/api/subscriptions/subscribe", { body: SEED_BODY, auth })).status).toBe(409);
      const status = await call(statusRoute, "/api/subscriptions/status", { method: "GET", auth: `Bearer ${access}` });
      expect(status.status).toBe(200);
      // Exactly Stripe's subscription, in seed 001's formats (seconds, no milliseconds; the day it was bought, UTC).
      const sub = await stripe.stripe.subscriptions.retrieve(String(status.body.id_reference));
      const iso = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");
      const basic = (await listPlans()).find((p) => p.key === "basic")!;
      expect(status.body).toEqual({
        status: "successful",
        payment_gateway_status: "active",
        current_period_start: iso(sub.items.data[0].current_period_start),
        current_period_end: iso(sub.items.data[0].current_period_end),
        id_reference: sub.id,
        price_reference: basic.priceId,
        purchase_date: iso(sub.created).slice(0, 10),
      });
      expect(sub.items.data[0].price.id).toBe(basic.priceId);
      // The subscribe answer was that same document.
      expect(first.body).toEqual(status.body);
      expect(Object.keys(status.body).sort()).toEqual(["current_period_end", "current_period_start", "id_reference", "payment_gateway_status", "price_reference", "purchase_date", "status"]);
      expect(status.body).toMatchObject({
        status: "successful",
        payment_gateway_status: "active",
        current_period_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        current_period_end: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        id_reference: expect.stringMatching(/^sub_/),
        price_reference: expect.stringMatching(/^price_/),
        purchase_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      });
      // The card never reaches a table.
      const dump = JSON.stringify(await db().select().from(subscriptions).where(eq(subscriptions.userId, user.id)));
      expect(dump).not.toContain("4242424242424242");
    });

    it("answers a declined card with Stripe's message and code, then succeeds with another card on the same subscription", async () => {
      const user = await member();
      const auth = `JWT ${(await issueTokenPair(user)).access}`;
      const declined = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, card_number: "4000000000000002" }, auth });
      expect(declined).toEqual({ status: 400, body: { message: "Your card was declined.", code: "card_declined" } });
      const failed = await call(statusRoute, "/api/subscriptions/status", { method: "GET", auth });
      expect(failed.body).toMatchObject({ status: "failed", payment_gateway_status: "incomplete" });
      const ok = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, card_number: "5555555555554444" }, auth });
      expect(ok.body).toMatchObject({ status: "successful", id_reference: failed.body.id_reference });
    });

    it("stops card testing: after 5 declines a user gets 429 whatever the card, on one subscription", async () => {
      const user = await member();
      const auth = `JWT ${(await issueTokenPair(user)).access}`;
      for (let i = 0; i < 5; i++) {
        expect((await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, card_number: "4000000000009995" }, auth })).body).toEqual({ message: "Your card has insufficient funds.", code: "card_declined" });
      }
      const blocked = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: SEED_BODY, auth });
      expect(blocked.status).toBe(429);
      expect(String(blocked.body.detail)).toContain("Too many declined payments");
      const customers = (await stripe.stripe.customers.list({ email: user.email })).data;
      expect((await stripe.stripe.subscriptions.list({ customer: customers[0].id, status: "all" })).data).toHaveLength(1);
    });

    it("leaves a 3-D Secure card incomplete with the URL to complete the challenge, then active through the webhook", async () => {
      const user = await member();
      const auth = `JWT ${(await issueTokenPair(user)).access}`;
      const res = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, card_number: "4000002500003155" }, auth });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: "failed", payment_gateway_status: "incomplete", authentication_url: expect.stringContaining("/_emulator/3ds/") });
      const pi = String(res.body.authentication_url).split("/_emulator/3ds/")[1].split(/[?#/]/)[0];
      const done = await fetch(`${stripe.emulatorUrl}/_emulator/payment_intents/${pi}/three_d_secure`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "complete" }) });
      expect(done.status).toBe(200);
      await statusIs(user.id, "active");
      expect((await call(statusRoute, "/api/subscriptions/status", { method: "GET", auth })).body).toMatchObject({ status: "successful" });
    });

    it("refuses bad fields naming them, an unknown product, no token, and answers 404 with no subscription: nothing written, nothing on Stripe", async () => {
      const user = await member();
      const auth = `JWT ${(await issueTokenPair(user)).access}`;
      for (const [field, value] of [
        ["card_expiration_month", 13],
        ["card_expiration_year", 1999],
        ["card_number", "4242abcd42424242"],
        ["card_cvc", "12345"],
        ["card_number", "4242424242424241"],
      ] as const) {
        const res = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, [field]: value }, auth });
        expect(res.status, field).toBe(400);
        expect(String(res.body.message)).toContain(field);
      }
      const missing = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { subscription_product: "basic_subscription" }, auth });
      expect(missing.status).toBe(400);
      expect(String(missing.body.message)).toMatch(/card_number.*card_expiration_month.*card_expiration_year.*card_cvc/);
      const unknown = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, subscription_product: "gold_subscription" }, auth });
      expect(unknown.status).toBe(400);
      expect(String(unknown.body.message)).toContain("subscription_product");
      expect(await call(subscribeRoute, "/api/subscriptions/subscribe", { body: SEED_BODY })).toEqual({ status: 401, body: { detail: "Authentication credentials were not provided." } });
      expect(await call(statusRoute, "/api/subscriptions/status", { method: "GET", auth })).toEqual({ status: 404, body: { detail: "Not found." } });
      expect(await rowOf(user.id)).toHaveLength(0);
      expect((await stripe.stripe.customers.list({ email: user.email })).data).toHaveLength(0);
    });
  });

  it("canonical API: 401 for a guest, 201 with the client secret, 409 on a second, current 404 before", async () => {
    const user = await member();
    const auth = `Bearer ${(await issueTokenPair(user)).access}`;
    expect((await call(apiSubscribe, "/api/v1/subscriptions", { body: { plan: "basic" } })).status).toBe(401);
    expect((await call(apiCurrent, "/api/v1/subscriptions/current", { method: "GET", auth })).status).toBe(404);
    const bad = await call(apiSubscribe, "/api/v1/subscriptions", { body: { plan: "gold" }, auth });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "unknown_plan", fields: { plan: [expect.any(String)] } } } });
    const made = await call(apiSubscribe, "/api/v1/subscriptions", { body: { plan: "pro" }, auth });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ client_secret: expect.stringContaining("_secret_"), subscription: { plan: "pro", status: "incomplete", id: expect.stringMatching(/^sub_/) } });
    expect((await call(apiSubscribe, "/api/v1/subscriptions", { body: { plan: "basic" }, auth })).body).toMatchObject({ error: { code: "already_subscribed" } });
    expect((await call(apiCurrent, "/api/v1/subscriptions/current", { method: "GET", auth })).body).toMatchObject({ subscription: { plan: "pro" } });
  });

  it("canonical API: cancel at period end and resume", async () => {
    const { user, subId } = await activeMember();
    const auth = `Bearer ${(await issueTokenPair(user)).access}`;
    expect((await call(apiCancel, "/api/v1/subscriptions/current/cancel", {})).status).toBe(401);
    expect(await call(apiCancel, "/api/v1/subscriptions/current/cancel", { auth })).toMatchObject({ status: 200, body: { subscription: { id: subId, status: "active", cancel_at_period_end: true } } });
    expect((await stripe.stripe.subscriptions.retrieve(subId)).cancel_at_period_end).toBe(true);
    expect(await call(apiResume, "/api/v1/subscriptions/current/resume", { auth })).toMatchObject({ status: 200, body: { subscription: { id: subId, cancel_at_period_end: false } } });
    expect((await stripe.stripe.subscriptions.retrieve(subId)).cancel_at_period_end).toBe(false);
  });

  describe("plan changes, prorated (the emulator clock moves into the period)", () => {
    const DAY = 86400;
    const advanceClock = async (seconds: number) => {
      const res = await fetch(`${stripe.emulatorUrl}/_emulator/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds }) });
      expect(res.status).toBe(200);
    };
    /** Stripe's rule: the part of the period left after `at`, of `amount`, to the second, rounded to the cent. */
    const partLeft = (row: { currentPeriodStart: Date | null; currentPeriodEnd: Date | null }, amount: number, at: number) => {
      const start = row.currentPeriodStart!.getTime() / 1000;
      const end = row.currentPeriodEnd!.getTime() / 1000;
      return Math.round((amount * (end - at)) / (end - start));
    };

    it("upgrade mid-period: charged today exactly the previewed prorated difference; the quote is for that change only", async () => {
      const { user, row, subId } = await activeMember();
      await advanceClock(10 * DAY);
      const preview = await previewPlanChange(user.id, "pro");
      expect(preview.prorationDate).toBeGreaterThanOrEqual(row.currentPeriodStart!.getTime() / 1000 + 10 * DAY);
      const due = partLeft(row, 2900, preview.prorationDate) - partLeft(row, 900, preview.prorationDate);
      expect(preview).toMatchObject({ kind: "upgrade", from: "basic", plan: "pro", currency: "usd", amountDueNow: due, credit: 0 });
      expect(due).toBeGreaterThan(1000);
      expect(due).toBeLessThan(2000);
      // A forged quote is refused before Stripe is asked.
      await expect(changePlan(user.id, "pro", `${preview.quote}x`)).rejects.toMatchObject({ code: "invalid_request", fields: { quote: [expect.any(String)] } });

      const { subscription, payment } = await changePlan(user.id, "pro", preview.quote);
      expect(payment).toEqual({ status: "paid" });
      expect(subscription).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: subId });
      const invoice = await stripe.stripe.invoices.retrieve(subscription.latestInvoiceId!);
      expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_paid: preview.amountDueNow });
      expect(await emailKinds(user.email, 2)).toEqual(["subscription_changed", "subscription_started"]);
    });

    it("downgrade: the previewed credit goes to the next invoice, which charges what the preview said", async () => {
      const { user, subId } = await activeMember();
      await changePlan(user.id, "pro");
      await advanceClock(5 * DAY);
      const row = (await currentSubscription(user.id))!;
      const preview = await previewPlanChange(user.id, "basic");
      const credit = partLeft(row, 2900, preview.prorationDate) - partLeft(row, 900, preview.prorationDate);
      expect(preview).toMatchObject({ kind: "downgrade", amountDueNow: 0, credit, nextInvoiceAt: row.currentPeriodEnd });
      expect(preview.nextInvoiceAmount).toBe(Math.max(0, 900 - credit));
      const { subscription, payment } = await changePlan(user.id, "basic", preview.quote);
      expect(payment).toEqual({ status: "none" });
      expect(subscription).toMatchObject({ plan: "basic", status: "active" });
      const renewal = (await advance(subId)).invoice;
      expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", total: 900 - credit, amount_due: preview.nextInvoiceAmount });
    });

    it("an upgrade the card declines leaves the plan changed, past_due, with the invoice to pay", async () => {
      const { user, subId } = await activeMember();
      const sub = await stripe.stripe.subscriptions.retrieve(subId);
      const fail = await fetch(`${stripe.emulatorUrl}/_emulator/payment_methods/${sub.default_payment_method}/fail_next`, { method: "POST" });
      expect(fail.status).toBe(200);
      const preview = await previewPlanChange(user.id, "pro");
      const { subscription, payment } = await changePlan(user.id, "pro", preview.quote);
      expect(subscription).toMatchObject({ plan: "pro", status: "past_due" });
      expect(payment).toMatchObject({ status: "failed", amount: preview.amountDueNow, message: "Your card was declined. Try another card, or contact your bank.", clientSecret: expect.stringContaining("_secret_") });
      await stripe.stripe.paymentIntents.confirm(piOf((payment as { clientSecret: string }).clientSecret), { payment_method: "pm_card_mastercard" });
      await statusIs(user.id, "active");
    });

    it("canonical API: change-preview names a bad plan, then change with the quote charges the figure shown", async () => {
      const { user } = await activeMember();
      const auth = `Bearer ${(await issueTokenPair(user)).access}`;
      expect((await call(apiChangePreview, "/api/v1/subscriptions/current/change-preview?plan=pro", { method: "GET" })).status).toBe(401);
      const gold = await call(apiChangePreview, "/api/v1/subscriptions/current/change-preview?plan=gold", { method: "GET", auth });
      expect(gold).toMatchObject({ status: 400, body: { error: { code: "unknown_plan", fields: { plan: [expect.any(String)] } } } });
      const same = await call(apiChangePreview, "/api/v1/subscriptions/current/change-preview?plan=basic", { method: "GET", auth });
      expect(same).toMatchObject({ status: 400, body: { error: { fields: { plan: [expect.any(String)] } } } });
      const preview = await call(apiChangePreview, "/api/v1/subscriptions/current/change-preview?plan=pro", { method: "GET", auth });
      expect(preview).toMatchObject({ status: 200, body: { preview: { kind: "upgrade", plan: "pro", amount_due_now: expect.any(Number), quote: expect.any(String) } } });
      const shown = preview.body.preview as { amount_due_now: number; quote: string };
      const badQuote = await call(apiChange, "/api/v1/subscriptions/current/change", { body: { plan: "pro", quote: "nope" }, auth });
      expect(badQuote).toMatchObject({ status: 400, body: { error: { fields: { quote: [expect.any(String)] } } } });
      const changed = await call(apiChange, "/api/v1/subscriptions/current/change", { body: { plan: "pro", quote: shown.quote }, auth });
      expect(changed).toMatchObject({ status: 200, body: { subscription: { plan: "pro", status: "active" }, payment: { status: "paid" } } });
      const invoices = await stripe.stripe.invoices.list({ subscription: (changed.body.subscription as { id: string }).id, limit: 1 });
      expect(invoices.data[0]).toMatchObject({ billing_reason: "subscription_update", amount_paid: shown.amount_due_now });
    });
  });

  // Last: it moves pro_subscription's lookup key onto a price in another currency.
  it("does not offer a plan whose price is in another currency than the store's: unknown, nothing written, nothing on Stripe", async () => {
    const pro = (await listPlans()).find((p) => p.key === "pro")!;
    await stripe.stripe.prices.create({ currency: "eur", unit_amount: 2900, recurring: { interval: "month" }, lookup_key: "pro_subscription", transfer_lookup_key: true, product: (await stripe.stripe.prices.retrieve(pro.priceId)).product as string });
    forgetPlans();
    expect((await listPlans()).map((p) => p.key)).toEqual(["basic"]);
    const user = await member();
    await expect(subscribe(user, "pro")).rejects.toMatchObject({ code: "unknown_plan", fields: { plan: [expect.any(String)] } });
    const auth = `JWT ${(await issueTokenPair(user)).access}`;
    const seed = await call(subscribeRoute, "/api/subscriptions/subscribe", { body: { ...SEED_BODY, subscription_product: "pro_subscription" }, auth });
    expect(seed.status).toBe(400);
    expect(String(seed.body.message)).toContain("subscription_product");
    expect(await rowOf(user.id)).toHaveLength(0);
    expect((await stripe.stripe.customers.list({ email: user.email })).data).toHaveLength(0);
  });
});
