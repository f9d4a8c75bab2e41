import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { stopJobQueue } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { eventHandlers, receiveStripeWebhook } from "@/lib/webhooks";
import { eventually, startTestStripe, type TestStripe } from "../fixtures/stripe";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-db";

/**
 * Recovery after a crash, in one process. The workers run with their production settings:
 * startWorkers() without options.
 */
let stripe: TestStripe;
let testDb: TestDatabase;

beforeAll(async () => {
  stripe = await startTestStripe();
});
afterAll(async () => {
  await stripe.close();
});
// A database of its own for each test: no job of one test waits behind another's.
beforeEach(async () => {
  testDb = await createTestDatabase();
});
afterEach(async () => {
  await stopJobQueue();
  await testDb.drop();
});

function signedEvent(type: string): { raw: string; signature: string; id: string } {
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { id: `obj_${id}` } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { raw, signature: stripe.sign(raw), id };
}

describe(`recovery after a crash (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("drains a backlog of 100 accepted events within 10 s of the workers starting", async () => {
    let effects = 0;
    eventHandlers["cashline.test_backlog"] = async () => void (effects += 1);
    // Accepted (stored and enqueued) while no worker runs.
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const ev = signedEvent("cashline.test_backlog");
      ids.push(ev.id);
      await receiveStripeWebhook(ev.raw, ev.signature);
    }
    await stopJobQueue();

    const started = Date.now();
    await startWorkers();
    await eventually(async () => {
      const rows = await testDb.handle.db.select({ status: webhookEvents.status }).from(webhookEvents).where(inArray(webhookEvents.id, ids));
      return rows.filter((r) => r.status === "processed").length === 100;
    }, "100 events processed", 10_000);
    console.log(`[recovery] ${testDb.kind}: backlog of 100 events drained in ${Date.now() - started} ms`);
    expect(effects).toBe(100);
    delete eventHandlers["cashline.test_backlog"];
  }, 30_000);
});
