/**
 * `npm run bench:recovery` (also run by `npm run bench`): how fast the job system recovers after
 * a crash, on PGlite or on a fresh database of the server in DATABASE_URL, with the production
 * job settings (startWorkers() defaults):
 *
 *  - backlog: 100 webhook events accepted (stored + enqueued) while no worker runs, then workers
 *    start in a fresh pg-boss instance: time from the start until all 100 are processed.
 *  - lost job: a worker takes a Stripe-event job, claims its event and dies in the handler (its
 *    pg-boss instance never completes the job, nothing renews its claim); workers run elsewhere:
 *    time from the death until the event is processed by another worker.
 *
 * Prints a table, then the figures as JSON on the last line of stdout (bench/run.ts adds them
 * to bench/results.json). RECOVERY_LOST_CAP_SECONDS bounds the wait for the lost job (default 180).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import Stripe from "stripe";
import { webhookEvents } from "../db/schema";
import { pgBossDb, QUEUES, stopJobQueue } from "../lib/jobs/queue";
import { startWorkers } from "../lib/jobs/worker";
import { eventHandlers, getWebhookEvent, processStripeEvent, receiveStripeWebhook } from "../lib/webhooks";
import { createTestDatabase } from "../support/test-db";

const BACKLOG = 100;
const LOST_CAP_MS = Number(process.env.RECOVERY_LOST_CAP_SECONDS ?? 180) * 1000;

const secret = `whsec_${randomBytes(16).toString("hex")}`;
process.env.STRIPE_WEBHOOK_SECRET = secret;
const signer = new Stripe("sk_test_bench_recovery");

function signedEvent(type: string): { raw: string; signature: string; id: string } {
  const id = `evt_bench_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { id: `obj_${id}` } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { raw, id, signature: signer.webhooks.generateTestHeaderString({ payload: raw, secret }) };
}

async function until(check: () => Promise<boolean>, capMs: number): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < capMs) {
    if (await check()) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

async function main() {
  const database = await createTestDatabase();
  const db = database.handle.db;
  try {
    // Backlog: accepted while no worker runs (enqueue starts a pg-boss instance without workers).
    let effects = 0;
    eventHandlers["cashline.bench_backlog"] = async () => void (effects += 1);
    const ids: string[] = [];
    for (let i = 0; i < BACKLOG; i++) {
      const ev = signedEvent("cashline.bench_backlog");
      ids.push(ev.id);
      await receiveStripeWebhook(ev.raw, ev.signature);
    }
    await stopJobQueue();
    const t0 = performance.now();
    await startWorkers();
    const drained = await until(async () => {
      const rows = await db.select({ status: webhookEvents.status }).from(webhookEvents).where(inArray(webhookEvents.id, ids));
      return rows.filter((r) => r.status === "processed").length === BACKLOG;
    }, 600_000);
    const backlogMs = drained === null ? null : Math.round(performance.now() - t0);
    await stopJobQueue();

    // Lost job: a worker (a pg-boss instance of its own) takes the job, claims the event, dies.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let lostEffects = 0;
    // The first call blocks (the dying worker), later ones apply.
    let calls = 0;
    eventHandlers["cashline.bench_lost"] = async () => {
      calls += 1;
      if (calls === 1) {
        entered();
        await gate;
        throw new Error("the dead worker's handler");
      }
      lostEffects += 1;
    };
    const lost = signedEvent("cashline.bench_lost");
    await receiveStripeWebhook(lost.raw, lost.signature);
    await stopJobQueue();
    const dead = new PgBoss({ db: pgBossDb(database.handle) });
    const [job] = await dead.fetch<{ eventId: string }>(QUEUES.stripeEvents);
    if (job?.data.eventId !== lost.id) throw new Error("the dying worker did not get the job");
    const died = new AbortController();
    const zombie = processStripeEvent(lost.id, { signal: died.signal }).catch(() => {});
    await inHandler;
    died.abort();
    const diedAt = performance.now();
    await startWorkers();
    const recovered = await until(async () => (await getWebhookEvent(lost.id))?.status === "processed", LOST_CAP_MS);
    const lostMs = recovered === null ? null : Math.round(performance.now() - diedAt);
    release();
    await zombie;
    await stopJobQueue();

    const result = {
      database: database.kind,
      measured_at: new Date().toISOString(),
      backlog_events: BACKLOG,
      backlog_drain_ms: backlogMs,
      backlog_effects: effects,
      lost_job_retry_ms: lostMs,
      lost_job_cap_ms: LOST_CAP_MS,
      lost_job_effects: lostEffects,
    };
    const ms = (x: number | null) => (x === null ? "not within the cap" : `${x} ms`);
    console.log(`\nRecovery after a crash (${database.kind}, production job settings):\n`);
    console.log("| measurement | time | effects |");
    console.log("| --- | ---: | ---: |");
    console.log(`| backlog of ${BACKLOG} accepted events, from workers starting to all processed | ${ms(backlogMs)} | ${effects} |`);
    console.log(`| job lost with its worker, from the death to its event processed elsewhere | ${ms(lostMs)} | ${lostEffects} |`);
    console.log(JSON.stringify(result));
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
