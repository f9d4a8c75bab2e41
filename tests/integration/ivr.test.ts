import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ivrTransactions, orderEvents, orders, users } from "@/db/schema";
import { PEER_HEADER, peerHeaderValue } from "@/lib/auth/client-ip";
import { signAccessToken } from "@/lib/auth/tokens";
import { addToCart, createCart } from "@/lib/cart";
import { listProducts } from "@/lib/catalog";
import { startCheckout } from "@/lib/checkout";
import { createIvrKey, revokeIvrKey } from "@/lib/ivr/keys";
import { POST as payRoute } from "@/app/(compat)/(000-ivr-middleware)/api/payment/route";
import { DELETE as cancelRoute, GET as showRoute } from "@/app/api/v1/ivr/transactions/[transId]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/ivr/transactions/route";
import { GET as listKeysRoute, POST as createKeyRoute } from "@/app/api/v1/admin/ivr-keys/route";
import { DELETE as revokeKeyRoute } from "@/app/api/v1/admin/ivr-keys/[id]/route";
import { POST as twilioRoute } from "@/app/api/v1/ivr/twilio/route";
import type { TestDatabase } from "@/support/test-db";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import { twilioChargeBody } from "../support/twilio";

// Read by lib/env on first use in this process.
process.env.IVR_TRUSTED_NETWORKS = "10.9.0.0/16";

let stripe: TestStripe;
let testDb: TestDatabase;
let key: string;
let seq = 0;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  key = (await createIvrKey({ name: "Phone system" })).key;
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

type Answer = { status: number; body: unknown };
const noCtx = { params: Promise.resolve({}) };

function request(path: string, body: unknown, headers: Record<string, string>): Request {
  return new Request(`http://shop.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
}
async function answer(res: Response): Promise<Answer> {
  return { status: res.status, body: await res.json() };
}
const bearer = (k = key) => ({ authorization: `Bearer ${k}` });

async function newTransaction(body: Record<string, unknown> = { amount: 1500 }): Promise<string> {
  // Base 36: a 13-digit millisecond run is card-shaped, and one in ten is Luhn-valid, which the
  // audit log masks like a card number (the audit test then could not find its transaction).
  const transId = `t-${Date.now().toString(36)}-${seq++}`;
  const res = await answer(await createRoute(request("/api/v1/ivr/transactions", { trans_id: transId, ...body }, bearer()), noCtx));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return transId;
}
const card = (cc_num: string, trans_id: string, extra: Record<string, unknown> = {}) => ({ cc_num, cvv: "123", exp_date: "1230", trans_id, ...extra });
const pay = async (body: unknown, headers: Record<string, string> = bearer()) => answer(await payRoute(request("/api/payment/", body, headers), noCtx));

async function intentsFor(transId: string) {
  const all = await stripe.stripe.paymentIntents.list({ limit: 100 });
  return all.data.filter((pi) => pi.metadata.ivr_trans_id === transId);
}
async function row(transId: string) {
  const [r] = await testDb.handle.db.select().from(ivrTransactions).where(eq(ivrTransactions.transId, transId));
  return r;
}

const SUCCESS = { transaction: "success", object: "payment_method", type: "card" };

describe(`IVR bridge, seed 000's POST /api/payment/ (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("charges the transaction's amount once and answers seed 000's success; a retry charges nothing", async () => {
    const transId = await newTransaction({ amount: 1500, description: "Invoice 42" });
    expect(await pay(card("4242 4242 4242 4242", transId))).toEqual({ status: 200, body: SUCCESS });
    expect(await pay(card("4242424242424242", transId))).toEqual({ status: 200, body: SUCCESS });
    const intents = await intentsFor(transId);
    expect(intents.map((pi) => [pi.amount, pi.currency, pi.status])).toEqual([[1500, "usd", "succeeded"]]);
    const r = await row(transId);
    expect(r).toMatchObject({ status: "succeeded", cardLast4: "4242", cardBrand: "visa", cardExpMonth: 12, cardExpYear: 2030, attempts: 1 });
    const shown = await answer(await showRoute(new Request(`http://shop.test/api/v1/ivr/transactions/${transId}`, { headers: bearer() }), { params: Promise.resolve({ transId }) }));
    expect(shown.body).toMatchObject({ data: { trans_id: transId, status: "succeeded", card: { brand: "visa", last4: "4242" } } });
  });

  it("makes one charge when the same trans_id is posted twice at once", async () => {
    const transId = await newTransaction({ amount: 990 });
    const both = await Promise.all([pay(card("4242424242424242", transId)), pay(card("4242424242424242", transId))]);
    expect(both).toEqual([{ status: 200, body: SUCCESS }, { status: 200, body: SUCCESS }]);
    expect(await intentsFor(transId)).toHaveLength(1);
  });

  it("names every missing or blank field at once, and malformed ones in DRF's shape", async () => {
    expect(await pay({ cc_num: " " })).toEqual({
      status: 400,
      body: { cc_num: ["This field is required."], cvv: ["This field is required."], exp_date: ["This field is required."], trans_id: ["This field is required."] },
    });
    const bad = await pay({ cc_num: "4242abcd42424242", cvv: "12", exp_date: "1330", trans_id: "x" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body as object).sort()).toEqual(["cc_num", "cvv", "exp_date"]);
    for (const cc_num of ["42424242424242", "42424242424242424242", "4242424242424241"]) {
      expect((await pay(card(cc_num, "x"))).body).toHaveProperty("cc_num");
    }
    expect((await pay(card("4242424242424242", "x", { cvv: "12345" }))).body).toHaveProperty("cvv");
    expect((await pay(card("4242424242424242", "x", { exp_date: "12/2030" }))).body).toHaveProperty("exp_date");
  });

  it("accepts a card number sent as a JSON number", async () => {
    const transId = await newTransaction({ amount: 700 });
    expect(await pay({ cc_num: 4242424242424242, cvv: "123", exp_date: "1230", trans_id: transId })).toEqual({ status: 200, body: SUCCESS });
    // Past 2^53 a JSON number has already lost digits when it is parsed: named, never guessed at.
    const long = await pay({ cc_num: 6011111111111111117, cvv: 123, exp_date: "1230", trans_id: await newTransaction({ amount: 700 }) });
    expect(long).toEqual({ status: 400, body: { cc_num: ["This number is too long to send as a JSON number: send it as a string."] } });
  });

  it("refuses an unknown or expired trans_id under trans_id", async () => {
    expect(await pay(card("4242424242424242", "no-such-transaction"))).toEqual({ status: 400, body: { trans_id: ["No transaction with this trans_id."] } });
    expect(await pay(card("4242424242424242", "a\u0000b"))).toEqual({ status: 400, body: { trans_id: ["No transaction with this trans_id."] } });
    const nul = await showRoute(new Request("http://shop.test/api/v1/ivr/transactions/a%00b", { headers: bearer() }), { params: Promise.resolve({ transId: "a\u0000b" }) });
    expect(nul.status).toBe(404);
    const expired = await newTransaction();
    await testDb.handle.db.update(ivrTransactions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(ivrTransactions.transId, expired));
    expect(await pay(card("4242424242424242", expired))).toEqual({ status: 400, body: { trans_id: ["This transaction has expired."] } });
    expect((await row(expired)).status).toBe("expired");
    expect(await intentsFor(expired)).toHaveLength(0);
  });

  it("refuses a canceled trans_id under trans_id, and charges nothing", async () => {
    const transId = await newTransaction({ amount: 800 });
    const canceled = await cancelRoute(new Request(`http://shop.test/api/v1/ivr/transactions/${transId}`, { method: "DELETE", headers: bearer() }), { params: Promise.resolve({ transId }) });
    expect(canceled.status).toBe(200);
    expect(await pay(card("4242424242424242", transId))).toEqual({ status: 400, body: { trans_id: ["This transaction was canceled."] } });
    expect(await row(transId)).toMatchObject({ status: "canceled", attempts: 0 });
    expect(await intentsFor(transId)).toHaveLength(0);
  });

  it("answers 413 over 64 KB, 415 for a body that is not JSON or a form, 400 for broken JSON: nothing reaches Stripe", async () => {
    const transId = await newTransaction({ amount: 650 });
    // With the Content-Length an HTTP client sends (a Request made in-process has none).
    const sent = (path: string, body: string, type: string) =>
      new Request(`http://shop.test${path}`, { method: "POST", body, headers: { "content-type": type, "content-length": String(Buffer.byteLength(body)), ...bearer() } });
    const raw = (body: string, type: string) => payRoute(sent("/api/payment/", body, type), noCtx).then(answer);
    const huge = JSON.stringify({ ...card("4242424242424242", transId), padding: "x".repeat(64 * 1024) });
    expect(await raw(huge, "application/json")).toEqual({ status: 413, body: { detail: expect.stringContaining("larger than 65536 bytes") } });
    const asText = await raw(JSON.stringify(card("4242424242424242", transId)), "text/plain");
    expect(asText).toEqual({ status: 415, body: { detail: expect.stringContaining("application/json") } });
    expect(await raw('{"cc_num": "4242424242424242", ', "application/json")).toEqual({ status: 400, body: { detail: "The request body is not valid JSON." } });
    const twilioHuge = await twilioRoute(sent("/api/v1/ivr/twilio", huge, "application/json"), noCtx);
    expect(twilioHuge.status).toBe(413);
    expect(await twilioHuge.json()).toMatchObject({ charge_id: null, error_code: "payload_too_large" });
    expect(await intentsFor(transId)).toHaveLength(0);
    expect(await row(transId)).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("relays Stripe's card errors as {error: code}, preferring the decline code", async () => {
    const transId = await newTransaction({ amount: 2500 });
    expect(await pay(card("4000000000009995", transId))).toEqual({ status: 400, body: { error: "insufficient_funds" } });
    expect(await pay(card("4000000000000127", transId))).toEqual({ status: 400, body: { error: "incorrect_cvc" } });
    expect(await pay(card("4000002760003184", transId))).toEqual({ status: 400, body: { error: "authentication_required" } });
    expect(await row(transId)).toMatchObject({ status: "failed", failedAttempts: 3 });
    // A failed transaction may be retried with another card.
    expect(await pay(card("4242424242424242", transId))).toEqual({ status: 200, body: SUCCESS });
  });

  it("fails a transaction for good after 5 refused cards (card testing)", async () => {
    const transId = await newTransaction();
    for (let i = 0; i < 5; i++) expect((await pay(card("4000000000000002", transId))).body).toEqual({ error: "generic_decline" });
    const sixth = await pay(card("4242424242424242", transId));
    expect(sixth).toEqual({ status: 400, body: { trans_id: ["This transaction failed too many times; create a new one."] } });
    expect(await row(transId)).toMatchObject({ status: "failed", failedAttempts: 5, attempts: 5 });
  });

  it("needs a live IVR key (Bearer or Basic) or a trusted network; otherwise 401 and Stripe is not called", async () => {
    const transId = await newTransaction({ amount: 300 });
    expect(await pay(card("4242424242424242", transId), {})).toMatchObject({ status: 401 });
    expect(await pay(card("4242424242424242", transId), bearer("ivr_AAAAAAAA_" + "x".repeat(43)))).toMatchObject({ status: 401 });
    const outsider = { [PEER_HEADER]: peerHeaderValue("192.0.2.7") };
    expect(await pay(card("4242424242424242", transId), outsider)).toMatchObject({ status: 401 });
    expect(await intentsFor(transId)).toHaveLength(0);

    const other = await createIvrKey({ name: "Old phone system" });
    await revokeIvrKey(other.record.id);
    expect(await pay(card("4242424242424242", transId), bearer(other.key))).toMatchObject({ status: 401 });

    const basic = { authorization: `Basic ${Buffer.from(`twilio:${key}`).toString("base64")}` };
    expect(await pay(card("4242424242424242", transId), basic)).toEqual({ status: 200, body: SUCCESS });

    const trusted = { [PEER_HEADER]: peerHeaderValue("10.9.1.2") };
    const second = await newTransaction({ amount: 310 });
    expect(await pay(card("4242424242424242", second), trusted)).toEqual({ status: 200, body: SUCCESS });
  });

  it("pays an order by phone through the order state machine, for exactly its open balance", async () => {
    const lamp = (await listProducts()).find((p) => p.slug === "brass-desk-lamp")!;
    const cart = await createCart();
    await addToCart(cart.id, lamp.id, 1);
    const session = await startCheckout({ cartId: cart.id, email: "caller@example.com" });
    const wrong = await answer(await createRoute(request("/api/v1/ivr/transactions", { order_id: session.orderId, amount: 1 }, bearer()), noCtx));
    expect(wrong).toMatchObject({ status: 400, body: { error: { fields: { amount: [expect.stringContaining(String(session.amount))] } } } });

    const transId = await newTransaction({ order_id: session.orderId });
    expect((await row(transId)).amount).toBe(session.amount);
    expect(await pay(card("5555555555554444", transId))).toEqual({ status: 200, body: SUCCESS });
    const [order] = await testDb.handle.db.select().from(orders).where(eq(orders.id, session.orderId));
    expect(order.status).toBe("paid");
    const history = await testDb.handle.db.select().from(orderEvents).where(eq(orderEvents.orderId, session.orderId));
    expect(history.map((e) => e.reason)).toContain(`paid by phone (IVR transaction ${transId})`);
    const [pi] = await intentsFor(transId);
    expect(pi.metadata).toMatchObject({ ivr_trans_id: transId, order_id: session.orderId });
  });

  it("keeps no card number or CVC anywhere in the database", async () => {
    const tables = await testDb.handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const names = ("rows" in tables ? (tables.rows as { table_name: string }[]) : (tables as unknown as { table_name: string }[])).map((t) => t.table_name);
    expect(names).toContain("ivr_transactions");
    for (const name of names) {
      const found = await testDb.handle.db.execute(sql.raw(`select count(*)::int as n from "${name}" t where t::text ~ '4242424242424242|4000000000009995|5555555555554444'`));
      const rows = "rows" in found ? (found.rows as { n: number }[]) : (found as unknown as { n: number }[]);
      expect(rows[0].n, name).toBe(0);
    }
  });
});

describe("IVR keys and transactions over the API (admins)", () => {
  it("an admin creates a key (shown once), lists keys without it, revokes it (then 401); keys and admins list transactions", async () => {
    const [admin] = await testDb.handle.db.insert(users).values({ email: `ivr-admin-${seq++}@example.com`, role: "admin" }).returning();
    const asAdmin = { authorization: `Bearer ${await signAccessToken(admin.id)}` };
    const made = await answer(await createKeyRoute(request("/api/v1/admin/ivr-keys", { name: "Desk phone" }, asAdmin), noCtx));
    expect(made).toMatchObject({ status: 201, body: { data: { id: expect.any(String), name: "Desk phone", prefix: expect.any(String), key: expect.stringMatching(/^ivr_/), revoked_at: null } } });
    const { id, key: newKey } = (made.body as { data: { id: string; key: string } }).data;
    expect((await answer(await createKeyRoute(request("/api/v1/admin/ivr-keys", { name: "" }, asAdmin), noCtx))).body).toMatchObject({ error: { fields: { name: [expect.any(String)] } } });
    expect((await createKeyRoute(request("/api/v1/admin/ivr-keys", { name: "Not yours" }, bearer()), noCtx)).status).toBe(401);

    const listed = await answer(await listKeysRoute(new Request("http://shop.test/api/v1/admin/ivr-keys", { headers: asAdmin }), noCtx));
    expect(JSON.stringify(listed.body)).not.toContain(newKey);
    expect((listed.body as { data: { id: string }[] }).data.map((k) => k.id)).toContain(id);

    const transId = await newTransaction({ amount: 275 });
    const byKey = await answer(await listRoute(new Request("http://shop.test/api/v1/ivr/transactions?limit=200", { headers: bearer(newKey) }), noCtx));
    expect((byKey.body as { data: { trans_id: string }[] }).data.map((t) => t.trans_id)).toContain(transId);
    const byAdmin = await listRoute(new Request("http://shop.test/api/v1/ivr/transactions?limit=1", { headers: asAdmin }), noCtx);
    expect(((await byAdmin.json()) as { data: unknown[] }).data).toHaveLength(1);

    const revoked = await revokeKeyRoute(new Request(`http://shop.test/api/v1/admin/ivr-keys/${id}`, { method: "DELETE", headers: asAdmin }), { params: Promise.resolve({ id }) });
    expect(revoked.status).toBe(200);
    expect(await pay(card("4242424242424242", transId), bearer(newKey))).toMatchObject({ status: 401 });
    expect(await intentsFor(transId)).toHaveLength(0);
  });
});

describe("IVR bridge, Twilio <Pay> Generic Pay Connector (POST /api/v1/ivr/twilio)", () => {
  const basic = () => ({ authorization: `Basic ${Buffer.from(`twilio:${key}`).toString("base64")}` });
  const twilio = async (body: Record<string, unknown>, headers: Record<string, string> = basic()) =>
    answer(await twilioRoute(request("/api/v1/ivr/twilio", body, headers), noCtx));
  const chargeBody = (transId: string | null, amount: string, cardnumber = "4242424242424242") => twilioChargeBody(amount, transId ? { trans_id: transId } : {}, { cardnumber });

  it("charges a pending transaction for exactly its amount, once", async () => {
    const transId = await newTransaction({ amount: 1050 });
    expect(await twilio(chargeBody(transId, "10.49"))).toEqual({
      status: 200,
      body: { charge_id: null, error_code: "amount_mismatch", error_message: expect.any(String) },
    });
    expect(await intentsFor(transId)).toHaveLength(0);
    const paid = await twilio(chargeBody(transId, "10.50"));
    expect(paid).toEqual({ status: 200, body: { charge_id: expect.stringMatching(/^pi_/), error_code: null, error_message: null } });
    const again = await twilio(chargeBody(transId, "10.50"));
    expect((again.body as { charge_id: string }).charge_id).toBe((paid.body as { charge_id: string }).charge_id);
    expect(await intentsFor(transId)).toHaveLength(1);
  });

  it("reports a decline in error_code and refuses charges without a transaction unless ad hoc is allowed", async () => {
    const transId = await newTransaction({ amount: 500 });
    expect((await twilio(chargeBody(transId, "5.00", "4000000000009995"))).body).toMatchObject({ charge_id: null, error_code: "insufficient_funds" });
    expect((await twilio(chargeBody(null, "5.00"))).body).toMatchObject({ charge_id: null, error_code: "transaction_required" });
  });

  it("names bad fields with a 400 and refuses bad credentials with a 401", async () => {
    const bad = await twilio({ ...chargeBody(null, "ten"), expiry_year: "2030", cardnumber: "1234" });
    expect(bad.status).toBe(400);
    const message = (bad.body as { error_message: string }).error_message;
    for (const field of ["cardnumber", "expiry_year", "amount"]) expect(message).toContain(`${field}:`);
    expect((await twilio(chargeBody(null, "1.00"), { authorization: `Basic ${Buffer.from("twilio:wrong").toString("base64")}` })).status).toBe(401);
  });

  it("tokenizes onto a Stripe customer and answers the PaymentMethod id", async () => {
    const customer = await stripe.stripe.customers.create({ email: "phone@example.com" });
    const res = await twilio({ ...chargeBody(null, "0"), method: "tokenize", parameters: { customer: customer.id } });
    expect(res).toEqual({ status: 200, body: { token_id: expect.stringMatching(/^pm_/), error_code: null, error_message: null } });
    const pm = await stripe.stripe.paymentMethods.retrieve((res.body as { token_id: string }).token_id);
    expect(pm.customer).toBe(customer.id);
  });
});

describe("IVR calls in the audit log", () => {
  it("records every IVR call with its key, and the card as its last four only", async () => {
    const { auditSettled } = await import("@/lib/http/audit");
    const { listAudit } = await import("@/lib/audit");
    const transId = await newTransaction({ amount: 420 });
    expect((await pay(card("4242424242424242", transId))).status).toBe(200);
    await auditSettled();
    const { entries } = await listAudit({ path: "/api/payment/", limit: 50 });
    const entry = entries.find((e) => JSON.stringify(e.requestBody).includes(transId));
    expect(entry).toMatchObject({ method: "POST", status: 200, keyId: expect.any(String) });
    const stored = JSON.stringify(entry);
    expect(stored).toContain("4242");
    expect(stored).not.toContain("4242424242424242");
    expect(stored).not.toMatch(/"cvv"/);
  });
});
