import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { getWebhookEvent, receiveStripeWebhook } from "@/lib/webhooks";
import { eventually } from "../support/eventually";
import { startLineProcess, type LineProcess } from "../support/line-process";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

/**
 * A real worker process (tests/support/worker-process.ts, the production lib/jobs workers) is
 * SIGKILLed while a handler is in flight; a new worker process must pick the job up within a
 * minute and drain the backlog accepted meanwhile within 10 s, each event applied exactly once.
 * Postgres only (vitest.config.ts includes *.postgres.test.ts files when DATABASE_URL is set):
 * PGlite allows one process per data folder; jobs-recovery.test.ts covers it in one process.
 */
let stripe: TestStripe;
let testDb: TestDatabase;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase());
});
afterAll(async () => {
  for (const w of workers) await w.stop("SIGKILL");
  await stopStripeAndDatabase({ stripe, testDb });
});

type WorkerProcess = LineProcess;

function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const w = startLineProcess("worker-process.ts", { DATABASE_URL: (testDb.handle.target as { url: string }).url, ...env });
  workers.push(w);
  return w;
}

function signedEvent(type: string): { raw: string; signature: string; id: string } {
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { id: `obj_${id}` } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { raw, signature: stripe.sign(raw), id };
}

const effects = (w: WorkerProcess) => w.lines.filter((l) => l.startsWith("effect ")).map((l) => l.slice("effect ".length));

describe("a worker process killed mid-event (postgres)", () => {
  it("is replaced by a new worker that retries its job within a minute and drains the backlog within 10 s, each event once", async () => {
    const first = startWorkerProcess({ CASHLINE_TEST_BLOCK: "1" });
    await first.waitFor(/^ready$/, "the first worker to start");
    const inFlight = signedEvent("cashline.test_block");
    await receiveStripeWebhook(inFlight.raw, inFlight.signature); // this (app) process stores and enqueues
    await first.waitFor(new RegExp(`^blocked ${inFlight.id}$`), "the first worker to be in the handler");
    await first.stop("SIGKILL");
    const killedAt = Date.now();

    // Accepted while no worker runs.
    const backlog: string[] = [];
    for (let i = 0; i < 100; i++) {
      const ev = signedEvent("cashline.test_count");
      backlog.push(ev.id);
      await receiveStripeWebhook(ev.raw, ev.signature);
    }

    const second = startWorkerProcess({});
    await second.waitFor(/^starting$/, "the second worker to load");
    const startedAt = Date.now();
    await eventually(async () => {
      const rows = await testDb.handle.db.select({ status: webhookEvents.status }).from(webhookEvents).where(inArray(webhookEvents.id, backlog));
      return rows.filter((r) => r.status === "processed").length === 100;
    }, "the backlog of 100 events to be processed", 10_000);
    console.log(`[crash] postgres: backlog of 100 events drained ${Date.now() - startedAt} ms after the new worker started`);

    const row = await eventually(async () => {
      const r = await getWebhookEvent(inFlight.id);
      return r?.status === "processed" ? r : null;
    }, "the killed worker's event to be processed", Math.max(1, killedAt + 60_000 - Date.now()));
    console.log(`[crash] postgres: killed worker's job retried and processed ${Date.now() - killedAt} ms after the kill`);
    expect(row.attempts).toBe(2);

    await second.stop("SIGTERM");
    expect(effects(first)).toEqual([]);
    const applied = effects(second);
    expect(applied.filter((id) => id === inFlight.id)).toHaveLength(1);
    expect([...applied].sort()).toEqual([inFlight.id, ...backlog].sort());
  }, 120_000);
});
