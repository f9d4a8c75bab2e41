import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { getWebhookEvent, receiveStripeWebhook } from "@/lib/webhooks";
import { malformedEventBodies } from "../support/malformed-events";
import { receiveAsTheRoute, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase());
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

const now = () => Math.floor(Date.now() / 1000);
const eventJson = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: `evt_test_${randomBytes(8).toString("hex")}`,
    object: "event",
    type: "payment_intent.succeeded",
    created: now(),
    data: { object: { id: "pi_test_1", object: "payment_intent", status: "succeeded" } },
    livemode: false,
    ...over,
  });

/** The status receiveStripeWebhook answers with (what the route returns), and whether anything was stored. */
async function deliver(raw: string, signature: string): Promise<{ status: number; stored: number }> {
  const before = await storedCount();
  const status = await receiveAsTheRoute(raw, signature);
  return { status, stored: (await storedCount()) - before };
}

async function storedCount(): Promise<number> {
  const [row] = await testDb.handle.db.select({ n: count() }).from(webhookEvents);
  return Number(row.n);
}

describe(`webhook hardening (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("refuses a validly signed event whose timestamp is a day (or 6 minutes) ahead: 400, nothing stored", async () => {
    for (const ahead of [86_400, 360]) {
      const raw = eventJson();
      expect(await deliver(raw, stripe.sign(raw, now() + ahead))).toEqual({ status: 400, stored: 0 });
    }
  });

  it("accepts a timestamp within the five minutes either side (clock skew)", async () => {
    for (const skew of [-240, 240]) {
      const raw = eventJson();
      expect(await deliver(raw, stripe.sign(raw, now() + skew))).toEqual({ status: 200, stored: 1 });
      expect(await getWebhookEvent(JSON.parse(raw).id)).not.toBeNull();
    }
  });

  const malformed = malformedEventBodies(eventJson);
  it.each(Object.entries(malformed))("refuses a validly signed body with %s: 400, nothing stored", async (_name, raw) => {
    expect(await deliver(raw, stripe.sign(raw))).toEqual({ status: 400, stored: 0 });
  });
});
