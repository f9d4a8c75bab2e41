import { ensureQueue, jobQueue, workQueue, type JobHandler } from "./queue";

/**
 * Recurring jobs: `registerRecurring(name, cron, handler)` runs `handler` on a five-field cron
 * schedule (minute hour day-of-month month day-of-week, UTC by default) in this process's
 * workers. The schedule is pg-boss's, kept in the database (it works on PGlite too): with several
 * instances each tick runs once, on one of them, within about half a minute of the tick (pg-boss
 * looks for due schedules every 10 s, see createBoss, and hands them on within 5 s); a tick while
 * no instance runs is skipped, not caught up. pg-boss sends a
 * schedule at most once a minute, so finer schedules are refused. The queue allows one run at a
 * time and one waiting (policy "stately"): a slow run is never overlapped by the next tick.
 * Call it where the workers start (startWorkers, `npm run worker`); registering again (a restart,
 * another instance) updates the one schedule. A failed run is retried once, after 30 s; a run
 * may take up to `expireInSeconds` (default 60) before pg-boss fails it.
 */
export type RecurringOptions = { tz?: string; expireInSeconds?: number; retryLimit?: number; data?: object };

/** pg-boss validates the expression itself (cron-parser); a sixth field (seconds) would promise more than it does. */
function checkCron(name: string, cron: string): void {
  if (cron.trim().split(/\s+/).length !== 5) {
    throw new Error(
      `recurring job ${name}: "${cron}" is not a five-field cron expression (minute hour day-of-month month day-of-week); schedules run at most once a minute`,
    );
  }
}

export async function registerRecurring(name: string, cron: string, handler: JobHandler<object>, opts: RecurringOptions = {}): Promise<void> {
  checkCron(name, cron);
  const boss = await jobQueue();
  const retry = { retryLimit: opts.retryLimit ?? 1, retryDelay: 30, retryBackoff: false };
  await ensureQueue(boss, name, retry, undefined, { policy: "stately", expireInSeconds: opts.expireInSeconds ?? 60 });
  await boss.schedule(name, cron, opts.data ?? {}, { tz: opts.tz ?? "UTC" }); // validates the expression (cron-parser)
  let names = working.get(boss);
  if (!names) working.set(boss, (names = new Set()));
  if (names.has(name)) return;
  names.add(name);
  await workQueue(boss, name, handler, { concurrency: 1 });
}

/** Remove the schedule (from the database, for every instance) and stop this process's worker for it. */
export async function unregisterRecurring(name: string): Promise<void> {
  const boss = await jobQueue();
  await boss.unschedule(name);
  if (working.get(boss)?.delete(name)) await boss.offWork(name);
}

// The recurring queues this process works, per pg-boss instance (a restarted instance starts afresh).
const working = new WeakMap<object, Set<string>>();
