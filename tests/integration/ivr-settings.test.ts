import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIvrKey } from "@/lib/ivr/keys";
import { POST as payRoute } from "@/app/(compat)/(000-ivr-middleware)/api/payment/route";
import { POST as createRoute } from "@/app/api/v1/ivr/transactions/route";
import { POST as twilioRoute } from "@/app/api/v1/ivr/twilio/route";
import type { TestDatabase } from "@/support/test-db";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import { twilioChargeBody } from "../support/twilio";

// The IVR settings other than their defaults (lib/env reads them on first use in this process;
// tests/integration/ivr.test.ts runs with the defaults: no ad hoc charges).
process.env.IVR_ALLOW_ADHOC = "true";
process.env.IVR_MAX_AMOUNT = "2000";
process.env.IVR_CARD_ATTEMPTS_PER_MINUTE = "3";
process.env.IVR_TRANSACTION_TTL_MINUTES = "7";

let stripe: TestStripe;
let testDb: TestDatabase;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase());
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const noCtx = { params: Promise.resolve({}) };
const post = (path: string, body: unknown, key: string) =>
  new Request(`http://shop.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`twilio:${key}`).toString("base64")}` } });
async function twilio(body: Record<string, unknown>, key: string) {
  const res = await twilioRoute(post("/api/v1/ivr/twilio", body, key), noCtx);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, retryAfter: res.headers.get("retry-after") };
}
const charge = (amount: string, extra: Record<string, unknown> = {}) => twilioChargeBody(amount, {}, extra);
const intentsFor = async (transId: string) => (await stripe.stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.ivr_trans_id === transId);

describe(`IVR settings: IVR_ALLOW_ADHOC, IVR_MAX_AMOUNT, IVR_CARD_ATTEMPTS_PER_MINUTE, IVR_TRANSACTION_TTL_MINUTES (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("with IVR_ALLOW_ADHOC=true, charges without a transaction up to IVR_MAX_AMOUNT in the store currency, once per Twilio transaction_id", async () => {
    const { key } = await createIvrKey({ name: "Twilio ad hoc" });
    const over = await twilio(charge("20.01"), key);
    expect(over).toMatchObject({ status: 200, body: { charge_id: null, error_code: "amount_not_allowed" } });
    expect((await twilio(charge("5.00", { currency_code: "EUR" }), key)).body).toMatchObject({ charge_id: null, error_code: "amount_not_allowed" });

    const body = charge("20.00");
    const paid = await twilio(body, key);
    expect(paid).toMatchObject({ status: 200, body: { charge_id: expect.stringMatching(/^pi_/), error_code: null, error_message: null } });
    // Twilio retries the same transaction_id: the same charge, no second one.
    expect((await twilio(body, key)).body.charge_id).toBe(paid.body.charge_id);
    const intents = await intentsFor(`twilio-${body.transaction_id}`);
    expect(intents.map((pi) => [pi.id, pi.amount, pi.currency, pi.status])).toEqual([[paid.body.charge_id, 2000, "usd", "succeeded"]]);
  });

  it("limits card attempts per key per minute (429 with Retry-After), before Stripe is asked", async () => {
    const { key } = await createIvrKey({ name: "Busy phone system" });
    const other = await createIvrKey({ name: "Quiet phone system" });
    const bodies = [0, 1, 2, 3].map(() => charge("1.00", { cardnumber: "4000000000000002" }));
    for (const body of bodies.slice(0, 3)) expect((await twilio(body, key)).body).toMatchObject({ error_code: "generic_decline" });
    const fourth = await twilio(bodies[3], key);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.retryAfter)).toBeGreaterThan(0);
    expect(await intentsFor(`twilio-${bodies[3].transaction_id}`)).toHaveLength(0);
    // Seed 000's route shares the key's budget; another key has its own.
    const res = await payRoute(
      new Request("http://shop.test/api/payment/", { method: "POST", body: JSON.stringify({ cc_num: "4242424242424242", cvv: "123", exp_date: "1230", trans_id: "any" }), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }),
      noCtx,
    );
    expect(res.status).toBe(429);
    expect((await twilio(charge("1.00"), other.key)).body).toMatchObject({ charge_id: expect.stringMatching(/^pi_/) });
  });

  it("gives a pending transaction IVR_TRANSACTION_TTL_MINUTES to be paid", async () => {
    const { key } = await createIvrKey({ name: "TTL" });
    const res = await createRoute(post("/api/v1/ivr/transactions", { amount: 100 }, key), noCtx);
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { status: string; created_at: string; expires_at: string } };
    expect(data.status).toBe("pending");
    const ttl = new Date(data.expires_at).getTime() - new Date(data.created_at).getTime();
    expect(Math.abs(ttl - 7 * 60_000)).toBeLessThan(5_000);
  });
});
