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

/**
 * Recovery after a crash. A job whose worker died stays "active" until it expires; pg-boss's
 * maintenance then fails it for a retry. Maintenance runs every MAINTENANCE_SECONDS on one
 * instance at a time (so 10–20 s apart with several instances). A job lost with its worker is
 * thus retried within JOB_EXPIRE_SECONDS + 2 × MAINTENANCE_SECONDS + the first retry delay
 * (2–4 s) + a poll: under 45 s. pg-boss also fails a job whose handler runs past
 * JOB_EXPIRE_SECONDS, so handlers must finish well within it (a Stripe event takes
 * milliseconds, an email by SMTP about a second).
 */
export const JOB_EXPIRE_SECONDS = 20;
const MAINTENANCE_SECONDS = 10;

// On globalThis: Next bundles instrumentation and route handlers separately, and both must see
// the same instance and worker ids.
const globalForJobs = globalThis as typeof globalThis & {
  __cashlineBoss?: Promise<PgBoss>;
  __cashlineLocalWorkers?: Map<string, string[]>;
  __cashlineBusyLanes?: Set<string>;
  __cashlineAbandoned?: WeakMap<PgBoss, AbortController>;
};

/**
 * pg-boss's SQL through a database handle (the embedded PGlite has no pool of its own):
 * parameterless multi-statement scripts go through exec, the rest through query. pg-boss passes
 * some jsonb values (a failed job's error) as objects, which node-postgres would serialize; here
 * they are sent as JSON text, which both drivers take.
 */
export function pgBossDb(handle: DatabaseHandle): PgBoss.Db {
  const param = (v: unknown) => (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? JSON.stringify(v) : v);
  return {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: values?.length ? await handle.query(text, values.map(param)) : await handle.exec(text) };
    },
  };
}

async function createBoss(retry: RetryPolicy): Promise<PgBoss> {
  const handle = databaseHandle();
  // Due schedules (recurring jobs) are looked for every 10 s instead of 30; expired jobs every
  // MAINTENANCE_SECONDS instead of 2 minutes.
  const timing = { maintenanceIntervalSeconds: MAINTENANCE_SECONDS, cronMonitorIntervalSeconds: 10 };
  const boss =
    handle.target.kind === "postgres"
      ? new PgBoss({ connectionString: handle.target.url, max: 8, application_name: "cashline-jobs", ...timing })
      : new PgBoss({ db: pgBossDb(handle), ...timing });
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

export async function ensureQueue(
  boss: PgBoss,
  name: string,
  retry: RetryPolicy,
  deadLetter?: string,
  extra: { expireInSeconds?: number; policy?: PgBoss.QueuePolicy } = {},
): Promise<void> {
  const options = { name, ...retry, expireInSeconds: JOB_EXPIRE_SECONDS, ...extra, ...(deadLetter ? { deadLetter } : {}) };
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}

// Per pg-boss instance: aborted once it is stopped, for handlers it leaves running (see abandonedSignal).
const abandoned = (globalForJobs.__cashlineAbandoned ??= new WeakMap<PgBoss, AbortController>());

/**
 * Aborted when `boss` has stopped while handlers of its jobs still run (a stop without graceful
 * completion, or past the graceful timeout): their jobs were failed for a retry elsewhere, so
 * they must stop holding their work (e.g. stop renewing a claim) — as if their process had died.
 */
export function abandonedSignal(boss: PgBoss): AbortSignal {
  let controller = abandoned.get(boss);
  if (!controller) abandoned.set(boss, (controller = new AbortController()));
  return controller.signal;
}

/** What a job handler is told: `signal` aborts if this process abandons the job (see abandonedSignal). */
export type JobContext = { signal: AbortSignal };
export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<unknown>;

/**
 * How a queue is worked: `concurrency` pg-boss workers ("lanes"), each taking one job at a time,
 * so pg-boss completes or fails (retries) each job on its own — with a batch, pg-boss completes
 * the whole batch when the batch handler returns, including a job failed earlier in the batch
 * whose retry is already running on another worker. A lane that found a job looks for the next
 * at once, so a backlog drains as fast as the handlers go; an idle lane polls every
 * pollingIntervalSeconds (so a backlog left by another process has every lane on it within one
 * interval). A job enqueued in this
 * process wakes one idle lane at once (see notifyLocalWorkers), not every lane: each woken lane
 * runs pg-boss's fetch query, and waking all five per job made those fetches most of the
 * database's work under webhook load (issue 16's profile).
 */
export const WORK = { concurrency: 5, pollingIntervalSeconds: 2 };

/** Run `handle` for the jobs of `queue` in this process; returns pg-boss's worker ids. */
export async function workQueue<T extends object>(
  boss: PgBoss,
  queue: string,
  handle: JobHandler<T>,
  opts: Partial<typeof WORK> = {},
): Promise<string[]> {
  const { concurrency, pollingIntervalSeconds } = { ...WORK, ...opts };
  const signal = abandonedSignal(boss);
  const ids: string[] = [];
  for (let lane = 0; lane < concurrency; lane++) {
    let id: string | undefined = undefined;
    id = await boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
      const me = id;
      if (me) {
        busyLanes.add(me);
        boss.notifyWorker(me); // fetch again right after this job, not after the interval
      }
      try {
        await handle(job.data, { signal });
      } finally {
        if (me) busyLanes.delete(me);
      }
    });
    ids.push(id);
  }
  return ids;
}

/** The process's pg-boss instance, started on first use. */
export function jobQueue(retry: RetryPolicy = DEFAULT_RETRY): Promise<PgBoss> {
  globalForJobs.__cashlineBoss ??= createBoss(retry).catch((err) => {
    globalForJobs.__cashlineBoss = undefined;
    throw err;
  });
  return globalForJobs.__cashlineBoss;
}

/**
 * Stop the process's pg-boss instance: gracefully (running jobs get up to 10 s to finish), or with
 * `graceful: false` at once, failing running jobs for a retry. Handlers still running then are
 * abandoned (abandonedSignal). A stop at once leaves pg-boss's own connection pool open (its idle
 * connections close by themselves), so that pg-boss can still record what abandoned handlers did.
 */
export async function stopJobQueue(opts: { graceful?: boolean } = {}): Promise<void> {
  const boss = await globalForJobs.__cashlineBoss?.catch(() => undefined);
  globalForJobs.__cashlineBoss = undefined;
  if (!boss) return;
  const graceful = opts.graceful ?? true;
  try {
    await boss.stop({ graceful, close: graceful, wait: true, timeout: 10_000 });
  } finally {
    abandoned.get(boss)?.abort();
  }
}

/**
 * Enqueue a job; with `key`, a second enqueue of the same key is a no-op (the job id derives from
 * it). With `startAfter`, the job waits until then.
 */
export async function enqueue(queue: QueueName, data: object, opts: { key?: string; startAfter?: Date } = {}): Promise<string | null> {
  const boss = await jobQueue();
  const id = await boss.send(queue, data, {
    ...(opts.key ? { id: uuidFromKey(`job:${queue}:${opts.key}`) } : {}),
    ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
  });
  notifyLocalWorkers(queue);
  return id;
}

// Workers of this process wake up at once for jobs enqueued here instead of at the next poll.
const localWorkers = (globalForJobs.__cashlineLocalWorkers ??= new Map<string, string[]>());

// Lanes running a handler now (they fetch again when it ends), and where each queue's round-robin is.
const busyLanes = (globalForJobs.__cashlineBusyLanes ??= new Set<string>());
const nextLane = new Map<string, number>();

export function registerLocalWorker(queue: string, workerId: string): void {
  localWorkers.set(queue, [...(localWorkers.get(queue) ?? []), workerId]);
}

/**
 * Wake one lane of `queue` that is not running a handler (round-robin, so successive jobs go to
 * different lanes). None when every lane is busy: each fetches again as soon
 * as its job ends. A lane woken during its own fetch fetches once more (pg-boss's notify), so a
 * wake-up is never lost.
 */
function wakeIdleLane(boss: PgBoss, queue: string): void {
  const lanes = localWorkers.get(queue);
  if (!lanes?.length) return;
  const start = nextLane.get(queue) ?? 0;
  for (let i = 0; i < lanes.length; i++) {
    const lane = lanes[(start + i) % lanes.length];
    if (busyLanes.has(lane)) continue;
    nextLane.set(queue, (start + i + 1) % lanes.length);
    boss.notifyWorker(lane);
    return;
  }
}

function notifyLocalWorkers(queue: string): void {
  const boss = globalForJobs.__cashlineBoss;
  if (!boss) return;
  void boss.then((b) => wakeIdleLane(b, queue)).catch(() => {});
}

export type QueueStats = { name: string; queued: number; active: number; deadLetter: string | null; deadLetters: number };

/**
 * pg-boss's counts for each work queue (the admin's jobs panel): jobs waiting (created or
 * waiting for a retry), running, and how many reached its dead-letter queue and are still kept
 * (pg-boss archives finished jobs after its retention time).
 */
export async function queueStats(): Promise<QueueStats[]> {
  const boss = await jobQueue();
  const pairs = [
    [QUEUES.stripeEvents, QUEUES.stripeEventsDead],
    [QUEUES.emails, QUEUES.emailsDead],
  ] as const;
  return Promise.all(
    pairs.map(async ([name, dead]) => {
      const [queued, upToActive, deadLetters] = await Promise.all([
        boss.getQueueSize(name),
        boss.getQueueSize(name, { before: "completed" }),
        boss.getQueueSize(dead, { before: "failed" }),
      ]);
      return { name, queued, active: upToActive - queued, deadLetter: dead, deadLetters };
    }),
  );
}

/** Jobs whose retries are spent, over every work queue: the dead letters `queueStats` counts (the dashboard's figure, the jobs panel's detail). */
export async function deadJobCount(): Promise<number> {
  return (await queueStats()).reduce((sum, q) => sum + q.deadLetters, 0);
}
