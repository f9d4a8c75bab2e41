import { format } from "node:util";
import { count, desc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { GET as listAuditRoute } from "@/app/api/v1/admin/audit/route";
import { auditLog, users } from "@/db/schema";
import { listAudit, purgeAudit, recordAudit } from "@/lib/audit";
import { PEER_HEADER, peerHeaderValue } from "@/lib/auth/client-ip";
import { signAccessToken } from "@/lib/auth/tokens";
import { CardDeclinedError } from "@/lib/errors";
import { audited, auditSettled, AUDIT_BODY_BYTES } from "@/lib/http/audit";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

const VISA = "4242424242424242";
const MASTERCARD = "5555555555554444";
const KEY_ID = "0b6f5d2e-7c1a-4e3b-9a8d-2f4c6e8a0b1c";

let testDb: TestDatabase;
let user: { id: string };
let admin: { id: string };
let userToken: string;
let adminToken: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const [u] = await testDb.handle.db.insert(users).values({ email: "audit-user@example.com" }).returning();
  const [a] = await testDb.handle.db.insert(users).values({ email: "audit-admin@example.com", role: "admin" }).returning();
  user = u;
  admin = a;
  userToken = await signAccessToken(user.id);
  adminToken = await signAccessToken(admin.id);
});
afterAll(async () => {
  await auditSettled();
  await testDb.drop();
});
afterEach(() => vi.restoreAllMocks());

const noParams = { params: Promise.resolve({}) };

/** A route as the app builds them: a token user pays with a card (the handler sees the validated body). */
const pay = route(
  { auth: "user", body: z.object({ amount: z.number().int(), payment: z.object({ card: z.object({ number: z.string() }).passthrough() }).passthrough() }).passthrough() },
  async ({ body, audit }) => {
    audit.keyId = KEY_ID;
    if (body.amount === 402) throw new CardDeclinedError("Your card was declined.", "generic_decline", null);
    return json({ id: "pay_1", amount: body.amount, card: { brand: "visa", last4: "4242", echoed: body.payment.card.number }, client_secret: "pi_1_secret_abc" });
  },
);

/** A form route (the older services' jQuery clients). */
const legacyForm = route({ auth: "none", forms: true, body: z.object({ username: z.string(), password: z.string() }) }, async ({ body }) =>
  json({ ok: true, username: body.username }),
);

/** A raw-body route, like the Stripe webhook. */
const rawBody = route({ auth: "none" }, async ({ req }) => json({ received: (await req.text()).length }));

const readAll = route({ auth: "none" }, async () => json({ items: [] }));
const readAlways = route({ auth: "none", audit: "always" }, async () => json({ items: [] }));
const neverAudited = route({ auth: "none", audit: "never" }, async () => json({ ok: true }));
/** Audited only when refused, as the Stripe webhook is. */
const refusalsOnly = route({ auth: "none", audit: "refusals" }, async ({ req }) => {
  const body = (await req.json()) as { ok: boolean };
  return body.ok ? json({ received: true }) : json({ error: "invalid_signature" }, { status: 400 });
});

function payRequest(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/v1/test/pay?card=" + VISA, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${userToken}`, [PEER_HEADER]: peerHeaderValue("203.0.113.7"), ...headers },
    body: JSON.stringify(body),
  });
}

async function lastRow() {
  await auditSettled();
  const [row] = await testDb.handle.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

const cardBody = (amount: number) => ({
  amount,
  payment: { card: { number: VISA, cvc: "314", exp_month: 12, exp_year: 2034 }, "card[cvc]": "314", backup: [{ pan_as_number: Number(MASTERCARD) }] },
  account: { password: "correct-horse-battery", api_token: "tok_live_abcdef" },
  order_id: "ord_123",
});

function capturedLogs() {
  const written: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    return stdout(chunk, ...(rest as []));
  });
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void written.push(format(...args)));
  return () => written.join("\n");
}

describe(`audit log (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("records a state change with masked bodies, the caller, the key, the address and the request id", async () => {
    const res = await pay(payRequest(cardBody(1200), { "x-request-id": "req-audit-1" }), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-audit-1");
    expect(await res.json()).toMatchObject({ id: "pay_1", card: { echoed: VISA } }); // the answer itself is untouched

    const row = await lastRow();
    expect(row).toMatchObject({
      method: "POST",
      path: "/api/v1/test/pay",
      status: 200,
      clientIp: "203.0.113.7",
      userId: user.id,
      keyId: KEY_ID,
      requestId: "req-audit-1",
    });
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
    expect(row.requestBody).toEqual({
      amount: 1200,
      payment: { card: { number: "•••• 4242", exp_month: 12, exp_year: 2034 }, backup: [{ pan_as_number: "•••• 4444" }] },
      account: { password: "[redacted]", api_token: "[redacted]" },
      order_id: "ord_123",
    });
    expect(row.responseBody).toEqual({ id: "pay_1", amount: 1200, card: { brand: "visa", last4: "4242", echoed: "•••• 4242" }, client_secret: "[redacted]" });
    const text = JSON.stringify(row);
    for (const secret of [VISA, MASTERCARD, "correct-horse-battery", userToken, "tok_live_abcdef"]) expect(text).not.toContain(secret);
    // The CVC as a stored value (quoted, or as a number): three bare digits can occur in a timestamp.
    expect(text).not.toMatch(/"314"|:314[,}\]]/);
  });

  it("records refusals too: a 402 from the handler, a 400 schema failure, a 401 without a caller", async () => {
    const declined = await pay(payRequest(cardBody(402)), noParams);
    expect(declined.status).toBe(402);
    const id = declined.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await lastRow();
    expect(row).toMatchObject({ status: 402, requestId: id, userId: user.id });
    expect(row.responseBody).toMatchObject({ error: { code: "card_declined" } });
    expect(JSON.stringify(row.requestBody)).not.toContain(VISA);

    // Schema failure: the body as sent is still recorded (masked), with the caller.
    const invalid = await pay(payRequest({ amount: "lots", payment: { card: { number: VISA, cvc: "999" } } }), noParams);
    expect(invalid.status).toBe(400);
    const invalidRow = await lastRow();
    expect(invalidRow).toMatchObject({ status: 400, userId: user.id });
    expect(invalidRow.requestBody).toEqual({ amount: "lots", payment: { card: { number: "•••• 4242" } } });

    const anonymous = await pay(payRequest(cardBody(1), { authorization: "Bearer not-a-token" }), noParams);
    expect(anonymous.status).toBe(401);
    const anonRow = await lastRow();
    expect(anonRow).toMatchObject({ status: 401, userId: null });
    expect(JSON.stringify(anonRow)).not.toContain("not-a-token");
  });

  it("records an unexpected failure as a 500 under the request id its answer and log line carry", async () => {
    const broken = route({ auth: "none" }, async () => {
      throw new Error("boom");
    });
    const res = await broken(new Request("http://localhost/api/v1/broken", { method: "PATCH" }), noParams);
    expect(res.status).toBe(500);
    const id = res.headers.get("x-request-id");
    expect(id).toBeTruthy();
    expect(await lastRow()).toMatchObject({ method: "PATCH", path: "/api/v1/broken", status: 500, requestId: id, responseBody: { error: { code: "internal_error" } } });
  });

  it("records form bodies as their fields, passwords redacted", async () => {
    const res = await legacyForm(
      new Request("http://localhost/api/api-token-auth/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "ada", password: "s3cret-pass", card: `${VISA.slice(0, 4)} ${VISA.slice(4, 8)} ${VISA.slice(8, 12)} ${VISA.slice(12)}` }).toString(),
      }),
      noParams,
    );
    expect(res.status).toBe(200);
    const row = await lastRow();
    expect(row.requestBody).toEqual({ username: "ada", password: "[redacted]", card: "•••• 4242" });
  });

  it("audits handlers route() does not wrap (Auth.js's POST): the form's password and csrfToken redacted", async () => {
    const signIn = audited(async (req: Request) => {
      const form = await req.formData();
      return Response.redirect(`http://localhost/account?user=${encodeURIComponent(String(form.get("email")))}`, 302);
    });
    const res = await signIn(
      new Request("http://localhost/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "ada@example.com", password: "hunter2-hunter2", csrfToken: "csrf-abc" }).toString(),
      }),
      undefined,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/account");
    const row = await lastRow();
    expect(row).toMatchObject({ method: "POST", path: "/api/auth/callback/credentials", status: 302, requestId: res.headers.get("x-request-id") });
    expect(row.requestBody).toEqual({ email: "ada@example.com", password: "[redacted]", csrfToken: "[redacted]" });
    expect(row.responseBody).toBeNull();
  });

  it("stores a body larger than the cap, or of another type, as a note of its size", async () => {
    const big = JSON.stringify({ type: "payment_intent.succeeded", pad: "x".repeat(AUDIT_BODY_BYTES) });
    const res = await rawBody(new Request("http://localhost/api/v1/stripe/webhook", { method: "POST", headers: { "content-type": "application/json" }, body: big }), noParams);
    expect(await res.json()).toEqual({ received: big.length }); // the handler still read all of it
    expect((await lastRow()).requestBody).toEqual({ omitted: `request body larger than ${AUDIT_BODY_BYTES} bytes` });

    await rawBody(new Request("http://localhost/api/v1/upload", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: VISA }), noParams);
    expect((await lastRow()).requestBody).toEqual({ omitted: "16 bytes of application/octet-stream" });
  });

  it("records GETs only on routes that ask for it (audit: always), and nothing with audit: never", async () => {
    const before = (await testDb.handle.db.select({ n: count() }).from(auditLog))[0].n;
    const plain = await readAll(new Request("http://localhost/api/v1/products"), noParams);
    // Not recorded, but the answer still carries its request id (every answer does).
    expect(plain.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const never = await neverAudited(new Request("http://localhost/api/v1/quiet", { method: "POST" }), noParams);
    expect(never.status).toBe(200);
    await auditSettled();
    expect((await testDb.handle.db.select({ n: count() }).from(auditLog))[0].n).toBe(before);

    const always = await readAlways(new Request("http://localhost/api/v1/ivr/lookup?trans_id=1", { headers: { "x-request-id": "ivr-get-1" } }), noParams);
    expect(always.headers.get("x-request-id")).toBe("ivr-get-1");
    expect(await lastRow()).toMatchObject({ method: "GET", path: "/api/v1/ivr/lookup", requestId: "ivr-get-1", requestBody: null, responseBody: { items: [] } });
  });

  it("records only refused requests on routes with audit: refusals (the Stripe webhook)", async () => {
    const rows = async () => (await testDb.handle.db.select({ n: count() }).from(auditLog))[0].n;
    const before = await rows();
    const post = (body: unknown, id: string) =>
      refusalsOnly(new Request("http://localhost/api/v1/stripe/webhook", { method: "POST", headers: { "content-type": "application/json", "x-request-id": id }, body: JSON.stringify(body) }), noParams);
    const accepted = await post({ ok: true }, "wh-accepted");
    expect([accepted.status, accepted.headers.get("x-request-id")]).toEqual([200, "wh-accepted"]);
    expect(await accepted.json()).toEqual({ received: true });
    await auditSettled();
    expect(await rows()).toBe(before);

    const refused = await post({ ok: false }, "wh-refused");
    expect(refused.status).toBe(400);
    expect(await lastRow()).toMatchObject({ method: "POST", path: "/api/v1/stripe/webhook", status: 400, requestId: "wh-refused", requestBody: { ok: false }, responseBody: { error: "invalid_signature" } });
    expect(await rows()).toBe(before + 1);
  });

  it("a failed audit write does not change the answer, and is logged", async () => {
    const logs = capturedLogs();
    await testDb.handle.db.execute(sql`alter table audit_log rename to audit_log_away`);
    try {
      const res = await pay(payRequest(cardBody(900), { "x-request-id": "req-lost-1" }), noParams);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: "pay_1", amount: 900 });
      await auditSettled();
    } finally {
      await testDb.handle.db.execute(sql`alter table audit_log_away rename to audit_log`);
    }
    const text = logs();
    expect(text).toContain("audit entry could not be written");
    expect(text).toContain("req-lost-1");
    expect(text).not.toContain(VISA);
    expect(await testDb.handle.db.select().from(auditLog).where(eq(auditLog.requestId, "req-lost-1"))).toEqual([]);
  });

  it("purgeAudit removes entries older than the retention only", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const day = 24 * 60 * 60 * 1000;
    const base = { method: "POST", path: "/api/v1/retention", status: 200, durationMs: 1, clientIp: null };
    expect(await recordAudit({ ...base, at: new Date(now.getTime() - 91 * day), requestId: "old-1" })).toBe(true);
    expect(await recordAudit({ ...base, at: new Date(now.getTime() - 90 * day - 1000), requestId: "old-2" })).toBe(true);
    expect(await recordAudit({ ...base, at: new Date(now.getTime() - 89 * day), requestId: "kept-1" })).toBe(true);
    expect(await purgeAudit(90, now, 1)).toBe(2); // batches of one: the loop runs to the end
    const left = await listAudit({ path: "/api/v1/retention" });
    expect(left.entries.map((e) => e.requestId)).toEqual(["kept-1"]);
  });

  describe("GET /api/v1/admin/audit", () => {
    const call = (query: string, token = adminToken) =>
      listAuditRoute(new Request(`http://localhost/api/v1/admin/audit${query}`, { headers: { authorization: `Bearer ${token}` } }), noParams);

    it("is for admins only", async () => {
      expect((await call("", userToken)).status).toBe(403);
      expect((await call("", "not-a-token")).status).toBe(401);
    });

    it("filters by path prefix, exact status, status class and since, newest first", async () => {
      for (const status of [201, 404, 409, 500]) {
        await recordAudit({ method: "POST", path: `/api/v1/filter/${status}`, status, durationMs: 3, clientIp: "198.51.100.1", requestId: `f-${status}`, requestBody: { cc_num: VISA } });
      }
      const page = async (q: string) => (await (await call(q)).json()) as { data: { request_id: string; request_body: unknown }[]; next_cursor: string | null };

      const all = await page("?path=/api/v1/filter/");
      expect(all.data.map((e) => e.request_id)).toEqual(["f-500", "f-409", "f-404", "f-201"]);
      expect(all.data[0]).toMatchObject({ method: "POST", status: 500, duration_ms: 3, client_ip: "198.51.100.1", user_id: null, key_id: null, request_body: { cc_num: "•••• 4242" } });
      expect(all.next_cursor).toBeNull();
      expect((await page("?path=/api/v1/filter/&status=404")).data.map((e) => e.request_id)).toEqual(["f-404"]);
      expect((await page("?path=/api/v1/filter/&status=4xx")).data.map((e) => e.request_id)).toEqual(["f-409", "f-404"]);
      expect((await page("?path=/api/v1/filter/&status=5XX")).data.map((e) => e.request_id)).toEqual(["f-500"]);
      expect((await page("?path=/api/v1/filter/&since=2999-01-01T00:00:00Z")).data).toEqual([]);
      expect((await page("?path=/api/v1/filter/&since=2000-01-01T00:00:00Z")).data).toHaveLength(4);
      // A prefix is literal: "_" and "%" match themselves only.
      expect((await page("?path=/api/v1/filter_")).data).toEqual([]);
    });

    it("paginates by cursor without repeating or skipping entries", async () => {
      for (let i = 0; i < 5; i++) await recordAudit({ method: "DELETE", path: "/api/v1/pages", status: 204, durationMs: 1, clientIp: null, requestId: `p-${i}` });
      const seen: string[] = [];
      let cursor: string | null = "";
      let pages = 0;
      while (cursor !== null) {
        const res = await call(`?path=/api/v1/pages&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { data: { request_id: string }[]; next_cursor: string | null };
        seen.push(...body.data.map((e) => e.request_id));
        cursor = body.next_cursor;
        pages++;
      }
      expect(seen).toEqual(["p-4", "p-3", "p-2", "p-1", "p-0"]);
      expect(pages).toBe(3);
    });

    it.each([
      ["?status=abc", "status"],
      ["?status=600", "status"],
      ["?since=yesterday", "since"],
      ["?cursor=-1", "cursor"],
      ["?limit=0", "limit"],
      ["?limit=1000", "limit"],
      ["?path=api", "path"],
    ])("refuses %s with a 400 naming %s", async (query, field) => {
      const res = await call(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe("invalid_request");
      expect(Object.keys(body.error.fields)).toEqual([field]);
    });
  });

  it("leaves no full card number anywhere in audit_log", async () => {
    await auditSettled();
    const [{ n: rows }] = await testDb.handle.db.select({ n: count() }).from(auditLog);
    expect(rows).toBeGreaterThan(10);
    for (const pan of [VISA, MASTERCARD, "4242 4242 4242 4242"]) {
      const [{ n }] = await testDb.handle.db.select({ n: count() }).from(auditLog).where(sql`audit_log::text like ${`%${pan}%`}`);
      expect(n, pan).toBe(0);
    }
  });
});
