import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { uuidFromKey } from "@/lib/ids";
import { pgBossDb, QUEUES, stopJobQueue } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { eventHandlers, getWebhookEvent, processStripeEvent, receiveStripeWebhook } from "@/lib/webhooks";
import { eventually } from "../support/eventually";
import { startTestStripe, type TestStripe } from "../support/stripe";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

/**
 * Recovery after a crash, in one process (PGlite allows no second process on its data folder;
 * tests/integration/jobs-crash.test.ts kills a real worker process on Postgres). The workers run
 * with their production settings: startWorkers() without options.
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
  await stopJobQueue(); // lets running jobs finish before their database goes
  await testDb.drop();
});

function signedEvent(type: string): { raw: string; signature: string; id: string } {
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { id: `obj_${id}` } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { raw, signature: stripe.sign(raw), id };
}

/** A test event type whose first run blocks until released (a worker that hangs or dies there); later runs apply it. */
function blockingHandler(type: string) {
  let calls = 0;
  let effects = 0;
  let release!: (err: Error) => void;
  const gate = new Promise<never>((_, reject) => (release = reject));
  let entered!: () => void;
  const blocked = new Promise<void>((resolve) => (entered = resolve));
  eventHandlers[type] = async () => {
    calls += 1;
    if (calls === 1) {
      entered();
      await gate; // rejects when released: the dead worker's handler never applies anything
    }
    effects += 1;
  };
  return { blocked, release, effects: () => effects, done: () => delete eventHandlers[type] };
}

const processed = (id: string) => async () => {
  const row = await getWebhookEvent(id);
  return row?.status === "processed" ? row : null;
};

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

  it("retries within a minute a job whose worker died holding it, and applies its event once", async () => {
    const handler = blockingHandler("cashline.test_lost");
    const ev = signedEvent("cashline.test_lost");
    await receiveStripeWebhook(ev.raw, ev.signature);
    await stopJobQueue();

    // The worker that dies: a pg-boss instance of its own takes the job (now active) and starts
    // the event; then nothing of it runs any more — no completion, no failure, no claim renewal.
    const dying = new PgBoss({ db: pgBossDb(testDb.handle) });
    const [job] = await dying.fetch<{ eventId: string }>(QUEUES.stripeEvents);
    expect(job?.data.eventId).toBe(ev.id);
    const death = new AbortController();
    const deadHandler = processStripeEvent(ev.id, { signal: death.signal }).catch((err: Error) => err);
    await handler.blocked;
    death.abort();
    const diedAt = Date.now();

    await startWorkers();
    const row = await eventually(processed(ev.id), "the lost event to be processed by another worker", 60_000);
    console.log(`[recovery] ${testDb.kind}: job lost with its worker retried and processed ${Date.now() - diedAt} ms after the death`);
    expect(handler.effects()).toBe(1);
    expect(row.attempts).toBe(2);

    // Should the dead worker's handler ever return, it changes nothing: its claim has ended.
    handler.release(new Error("the dead worker's handler"));
    expect(await deadHandler).toBeInstanceOf(Error);
    expect(await getWebhookEvent(ev.id)).toMatchObject({ status: "processed", lastError: null, attempts: 2 });
    handler.done();
  }, 90_000);

  it("processes an event whose abandoned handler fails after its job was retried elsewhere", async () => {
    const handler = blockingHandler("cashline.test_abandoned");
    await startWorkers();
    const ev = signedEvent("cashline.test_abandoned");
    await receiveStripeWebhook(ev.raw, ev.signature);
    await handler.blocked;

    const stoppedAt = Date.now();
    await stopJobQueue({ graceful: false }); // the job is failed for a retry; its handler hangs on
    const boss = await startWorkers(); // a new instance on the same database handle
    // The retry finds the event still claimed by the abandoned handler, and its job completes.
    const jobId = uuidFromKey(`job:${QUEUES.stripeEvents}:${ev.id}`);
    await eventually(async () => (await boss.getJobById(QUEUES.stripeEvents, jobId))?.state === "completed", "the retried job to complete");
    // Then the abandoned handler fails: no job of the event is left to run but what the retry left.
    handler.release(new Error("the abandoned handler"));
    await eventually(async () => (await getWebhookEvent(ev.id))?.lastError === "the abandoned handler", "the abandoned handler to fail");
    const row = await eventually(processed(ev.id), "the abandoned event to be processed", 60_000);
    console.log(`[recovery] ${testDb.kind}: abandoned job's event processed ${Date.now() - stoppedAt} ms after the stop`);
    expect(handler.effects()).toBe(1);
    expect(row.attempts).toBe(2);
    handler.done();
  }, 90_000);

  it("retries a failed job run on another worker while the first worker is still busy, until its event is processed", async () => {
    // X fails on its first run, while Y keeps the first worker busy; X's retry runs on another
    // worker and fails too, after Y is done; its third run applies. Nothing may mark X's job
    // completed while its retry runs elsewhere.
    let xRuns = 0;
    let yDone!: () => void;
    const yGate = new Promise<void>((resolve) => (yDone = resolve));
    let yEntered!: () => void;
    const yStarted = new Promise<void>((resolve) => (yEntered = resolve));
    let xRetryFails!: () => void;
    const xGate = new Promise<void>((resolve) => (xRetryFails = resolve));
    let xRetryEntered!: () => void;
    const xRetryStarted = new Promise<void>((resolve) => (xRetryEntered = resolve));
    eventHandlers["cashline.test_race_x"] = async () => {
      xRuns += 1;
      if (xRuns === 1) throw new Error("first run fails");
      if (xRuns === 2) {
        xRetryEntered();
        await xGate;
        throw new Error("second run fails");
      }
    };
    eventHandlers["cashline.test_race_y"] = async () => {
      yEntered();
      await yGate;
    };
    eventHandlers["cashline.test_race_z"] = async () => {};
    const x = signedEvent("cashline.test_race_x");
    const y = signedEvent("cashline.test_race_y");
    await receiveStripeWebhook(y.raw, y.signature);
    await receiveStripeWebhook(x.raw, x.signature);
    await stopJobQueue();

    await startWorkers();
    await yStarted;
    // Another instance, free to take X's retry.
    const other = new PgBoss({ db: pgBossDb(testDb.handle), supervise: false, schedule: false });
    await other.start();
    await other.work<{ eventId: string }>(QUEUES.stripeEvents, { pollingIntervalSeconds: 0.5 }, async ([job]) => processStripeEvent(job.data.eventId));
    await xRetryStarted;
    yDone();
    await eventually(processed(y.id), "Y to be processed");
    // The first worker takes new work once it is done with Y.
    const z = signedEvent("cashline.test_race_z");
    await receiveStripeWebhook(z.raw, z.signature);
    await eventually(processed(z.id), "Z to be processed");
    xRetryFails();
    const row = await eventually(processed(x.id), "X to be processed on its third run", 30_000);
    expect(xRuns).toBe(3);
    expect(row.attempts).toBe(3);
    await other.stop({ graceful: true, wait: true });
    for (const t of ["x", "y", "z"]) delete eventHandlers[`cashline.test_race_${t}`];
  }, 60_000);
});
