import PgBoss from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { databaseHandle } from "@/lib/db";
import { uuidFromKey } from "@/lib/ids";
import { logFor } from "@/lib/log";

/**
 * Durable background jobs in Postgres (pg-boss), on the server named by DATABASE_URL or on the
 * embedded PGlite through pg-boss's `db` option. Jobs are retried with exponential backoff and
 * land in a dead-letter queue after the last attempt.
 */
export const QUEUES = {
  stripeEvents: "stripe-events",
  stripeEventsDead: "stripe-events-dead",
  emails: "emails",
  emailsDead: "emails-dead",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type RetryPolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean };
export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 5, retryDelay: 2, retryBackoff: true };

// On globalThis: Next bundles instrumentation and route handlers separately, and both must see
// the same instance and worker ids.
const globalForJobs = globalThis as typeof globalThis & {
  __cashlineBoss?: Promise<PgBoss>;
  __cashlineLocalWorkers?: Map<string, string[]>;
};

/**
 * pg-boss's SQL through a database handle (the embedded PGlite has no pool of its own):
 * parameterless multi-statement scripts go through exec, the rest through query.
 */
export function pgBossDb(handle: DatabaseHandle): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: values?.length ? await handle.query(text, values) : await handle.exec(text) };
    },
  };
}

async function createBoss(retry: RetryPolicy): Promise<PgBoss> {
  const handle = databaseHandle();
  const boss =
    handle.target.kind === "postgres"
      ? new PgBoss({ connectionString: handle.target.url, max: 4, application_name: "cashline-jobs" })
      : new PgBoss({ db: pgBossDb(handle) });
  boss.on("error", (err) => logFor("jobs").error({ err }, "job queue error"));
  await boss.start();
  // A dead-letter queue must exist before the queue that names it.
  for (const [queue, dead] of [
    [QUEUES.stripeEvents, QUEUES.stripeEventsDead],
    [QUEUES.emails, QUEUES.emailsDead],
  ] as const) {
    await ensureQueue(boss, dead, { retryLimit: 0, retryDelay: 0, retryBackoff: false });
    await ensureQueue(boss, queue, retry, dead);
  }
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, retry: RetryPolicy, deadLetter?: string): Promise<void> {
  const options = { name, ...retry, ...(deadLetter ? { deadLetter } : {}) };
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}

/** The process's pg-boss instance, started on first use. */
export function jobQueue(retry: RetryPolicy = DEFAULT_RETRY): Promise<PgBoss> {
  globalForJobs.__cashlineBoss ??= createBoss(retry).catch((err) => {
    globalForJobs.__cashlineBoss = undefined;
    throw err;
  });
  return globalForJobs.__cashlineBoss;
}

export async function stopJobQueue(): Promise<void> {
  const boss = await globalForJobs.__cashlineBoss?.catch(() => undefined);
  globalForJobs.__cashlineBoss = undefined;
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
}

/** Enqueue a job; with `key`, a second enqueue of the same key is a no-op (the job id derives from it). */
export async function enqueue(queue: QueueName, data: object, opts: { key?: string } = {}): Promise<string | null> {
  const boss = await jobQueue();
  const id = await boss.send(queue, data, opts.key ? { id: uuidFromKey(`job:${queue}:${opts.key}`) } : {});
  notifyLocalWorkers(queue);
  return id;
}

// Workers of this process wake up at once for jobs enqueued here instead of at the next poll.
const localWorkers = (globalForJobs.__cashlineLocalWorkers ??= new Map<string, string[]>());

export function registerLocalWorker(queue: string, workerId: string): void {
  localWorkers.set(queue, [...(localWorkers.get(queue) ?? []), workerId]);
}

function notifyLocalWorkers(queue: string): void {
  const boss = globalForJobs.__cashlineBoss;
  if (!boss) return;
  void boss.then((b) => localWorkers.get(queue)?.forEach((id) => b.notifyWorker(id))).catch(() => {});
}
