import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as seedCustomerCreate } from "@/app/(compat)/(004-payments-service)/v1/customer/route";
import { GET as seedCustomerShow } from "@/app/(compat)/(004-payments-service)/v1/customer/[customerID]/route";
import { POST as seedProductCreate } from "@/app/(compat)/(004-payments-service)/v1/product/route";
import { GET as customerList, POST as customerCreate } from "@/app/api/v1/customers/route";
import { GET as customerShow } from "@/app/api/v1/customers/[id]/route";
import { GET as productList, POST as productCreate } from "@/app/api/v1/products/route";
import { PATCH as productPatch } from "@/app/api/v1/products/[id]/route";
import { customers, users } from "@/db/schema";
import { signAccessToken } from "@/lib/auth/tokens";
import { startStripeAndDatabase, stopStripeAndDatabase, type StripeAndDatabase } from "../support/integration";

/** Seed 004's service calls, verbatim, and their canonical equivalents, against the emulator over HTTP. */
let env: StripeAndDatabase;
let admin: string;
let customer: string;

beforeAll(async () => {
  env = await startStripeAndDatabase({ seed: true });
  const [a] = await env.testDb.handle.db.insert(users).values({ email: "svc-admin@example.com", role: "admin" }).returning();
  const [c] = await env.testDb.handle.db.insert(users).values({ email: "svc-customer@example.com" }).returning();
  admin = await signAccessToken(a.id);
  customer = await signAccessToken(c.id);
});
afterAll(() => stopStripeAndDatabase(env));

type Answer = { status: number; body: any; requestId: string | null };
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, method: string, path: string, opts: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string>; params?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? admin}` }), ...opts.headers };
  if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = "application/json";
  const res = await handler(new Request(`http://shop.test${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) }), { params: Promise.resolve(opts.params ?? {}) });
  return { status: res.status, body: await res.json(), requestId: res.headers.get("x-request-id") };
}

describe(`seed 004's payments service calls (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("POST /v1/customer makes the customer and one Stripe customer; GET /v1/customer/{id} reads it; a duplicate is 409", async () => {
    const created = await call(seedCustomerCreate, "POST", "/v1/customer", { body: { email: "Jane@Example.com", name: "Jane Doe", phone: "+1 555 0100" } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toEqual({ id: expect.any(String), email: "jane@example.com", name: "Jane Doe", phone: "+1 555 0100", stripeCustomerId: expect.stringMatching(/^cus_/), createdAt: expect.any(String) });
    expect(created.requestId).toBeTruthy();
    const onStripe = await env.stripe.stripe.customers.retrieve(created.body.stripeCustomerId);
    expect(onStripe).toMatchObject({ email: "jane@example.com", name: "Jane Doe" });

    const shown = await call(seedCustomerShow, "GET", `/v1/customer/${created.body.id}`, { params: { customerID: created.body.id } });
    expect(shown).toMatchObject({ status: 200, body: created.body });

    const again = await call(seedCustomerCreate, "POST", "/v1/customer", { body: { email: "jane@example.com" } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 6, message: expect.stringContaining("email"), details: [] });
    expect(await env.testDb.handle.db.select().from(customers).where(eq(customers.email, "jane@example.com"))).toHaveLength(1);
  });

  it("answers grpc-gateway's errors: 404 code 5 for an unknown or malformed id, 400 code 3 naming the field, 401/403 without an admin", async () => {
    for (const id of ["6f1c2b9a-3d4e-4f5a-8b6c-7d8e9f0a1b2c", "not-a-uuid", "%00"]) {
      expect(await call(seedCustomerShow, "GET", `/v1/customer/${id}`, { params: { customerID: id } })).toMatchObject({ status: 404, body: { code: 5, message: "not found", details: [] } });
    }
    const bad = await call(seedCustomerCreate, "POST", "/v1/customer", { body: { email: "nope", name: 7 } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(3);
    expect(bad.body.message).toMatch(/email/);
    expect(bad.body.message).toMatch(/name/);
    expect((await call(seedCustomerCreate, "POST", "/v1/customer", { raw: '{"email":' })).body.code).toBe(3);
    expect(await call(seedCustomerCreate, "POST", "/v1/customer", { body: { email: "x@example.com" }, token: null })).toMatchObject({ status: 401, body: { code: 16 } });
    expect(await call(seedCustomerCreate, "POST", "/v1/customer", { body: { email: "x@example.com" }, token: customer })).toMatchObject({ status: 403, body: { code: 7 } });
    expect(await env.testDb.handle.db.select().from(customers).where(eq(customers.email, "x@example.com"))).toHaveLength(0);
  });

  it("a retry with the same Idempotency-Key reuses the Stripe customer; racing creates of one email make one record", async () => {
    const before = (await env.stripe.stripe.customers.list({ limit: 100, email: "race@example.com" })).data.length;
    const both = await Promise.all([1, 2].map(() => call(customerCreate, "POST", "/api/v1/customers", { body: { email: "race@example.com" }, headers: { "idempotency-key": "race-1" } })));
    expect(both.map((a) => a.status).sort()).toEqual([201, 409]);
    const winner = both.find((a) => a.status === 201)!;
    expect(winner.body.data).toMatchObject({ email: "race@example.com", stripe_customer_id: expect.stringMatching(/^cus_/) });
    expect(both.find((a) => a.status === 409)!.body).toMatchObject({ error: { code: "email_taken", fields: { email: expect.any(Array) } } });
    const after = (await env.stripe.stripe.customers.list({ limit: 100, email: "race@example.com" })).data.length;
    expect(after - before).toBe(1);

    const shown = await call(customerShow, "GET", `/api/v1/customers/${winner.body.data.id}`, { params: { id: winner.body.data.id } });
    expect(shown).toMatchObject({ status: 200, body: { data: winner.body.data } });
    const list = await call(customerList, "GET", "/api/v1/customers");
    expect(list.body.data.map((c: { email: string }) => c.email)).toContain("race@example.com");
    expect(await call(customerShow, "GET", "/api/v1/customers/nope", { params: { id: "nope" } })).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("POST /v1/product and POST/PATCH /api/v1/products go through lib/catalog: on the catalog at once, bad input named", async () => {
    const seedMade = await call(seedProductCreate, "POST", "/v1/product", { body: { name: "Sticker pack", description: "Five vinyl stickers.", price: "450" } });
    expect(seedMade.status, JSON.stringify(seedMade.body)).toBe(200);
    expect(seedMade.body).toMatchObject({ name: "Sticker pack", price: 450, unitAmount: 450, currency: "usd", slug: "sticker-pack" });
    const listed = async () => (await call(productList, "GET", "/api/v1/products", { token: null })).body.data as { id: string; name: string; unit_amount: number }[];
    expect((await listed()).find((p) => p.id === seedMade.body.id)).toMatchObject({ name: "Sticker pack", unit_amount: 450 });

    const made = await call(productCreate, "POST", "/api/v1/products", { body: { name: "Sticker pack", unit_amount: 500 } });
    expect(made.status).toBe(201);
    expect(made.body.data.slug).toMatch(/^sticker-pack-[0-9a-f]{6}$/);
    const patched = await call(productPatch, "PATCH", `/api/v1/products/${made.body.data.id}`, { body: { unit_amount: 650, name: "Big sticker pack" }, params: { id: made.body.data.id } });
    expect(patched).toMatchObject({ status: 200, body: { data: { unit_amount: 650, name: "Big sticker pack" } } });
    expect((await listed()).find((p) => p.id === made.body.data.id)).toMatchObject({ unit_amount: 650 });
    const retired = await call(productPatch, "PATCH", `/api/v1/products/${made.body.data.id}`, { body: { active: false }, params: { id: made.body.data.id } });
    expect(retired.status).toBe(200);
    expect((await listed()).some((p) => p.id === made.body.data.id)).toBe(false);

    expect(await call(seedProductCreate, "POST", "/v1/product", { body: { name: "No price" } })).toMatchObject({ status: 400, body: { code: 3, message: expect.stringContaining("price") } });
    expect(await call(productCreate, "POST", "/api/v1/products", { body: { name: "x", unit_amount: 1.5 } })).toMatchObject({ status: 400, body: { error: { fields: { unit_amount: expect.any(Array) } } } });
    expect(await call(productCreate, "POST", "/api/v1/products", { body: { name: "x", unit_amount: 100, extra: 1 } })).toMatchObject({ status: 400 });
    expect(await call(productPatch, "PATCH", "/api/v1/products/x", { body: { name: "y" }, params: { id: "x" } })).toMatchObject({ status: 404 });
    expect(await call(productPatch, "PATCH", `/api/v1/products/${made.body.data.id}`, { body: {}, params: { id: made.body.data.id } })).toMatchObject({ status: 400 });
    expect(await call(productCreate, "POST", "/api/v1/products", { body: { name: "x", unit_amount: 100 }, token: customer })).toMatchObject({ status: 403 });
  });
});
