import type PgBoss from "pg-boss";
import { processEmailJob, type EmailJob } from "@/lib/email";
import { purgeAudit } from "@/lib/audit";
import { releaseExpiredStockHolds } from "@/lib/checkout";
import { reconcilePayments } from "@/lib/checkout/reconcile";
import { refreshPlannerStatistics } from "@/db/maintenance";
import { databaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { markStripeEventDead, processStripeEvent } from "@/lib/webhooks";
import { DEFAULT_RETRY, jobQueue, QUEUES, registerLocalWorker, workQueue, type JobHandler, type RetryPolicy } from "./queue";
import { registerRecurring } from "./recurring";

/** The recurring job that books payments whose webhook was lost and flags what it cannot book. */
export const RECONCILE_JOB = "reconcile-payments";
/** The recurring job that gives back the stock of checkouts left unpaid for STOCK_HOLD_MINUTES. */
export const STOCK_HOLD_JOB = "release-stock-holds";
/** The recurring job that does autovacuum's planner work on PGlite (db/maintenance.ts). */
export const DB_MAINTENANCE_JOB = "db-maintenance";
/** The recurring job that deletes audit log entries older than AUDIT_RETENTION_DAYS. */
export const AUDIT_RETENTION_JOB = "audit-retention";

type WorkerOptions = { retry?: RetryPolicy; pollingIntervalSeconds?: number };

/**
 * Start processing every queue in this process: Stripe events, emails, their dead letters, and
 * the payment reconciliation on its schedule (RECONCILE_CRON) and the audit log's retention
 * (AUDIT_RETENTION_CRON), the release of expired stock holds (STOCK_HOLD_CRON), and on PGlite the
 * planner's statistics (DB_MAINTENANCE_CRON). Runs inside the app by default
 * (RUN_JOBS_IN_APP) and alone as `npm run worker`.
 */
export async function startWorkers(opts: WorkerOptions = {}): Promise<PgBoss> {
  const boss = await jobQueue(opts.retry ?? DEFAULT_RETRY);
  const work = opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {};

  const register = async <T extends object>(queue: string, handle: JobHandler<T>, lanes: { concurrency?: number } = {}) => {
    for (const id of await workQueue<T>(boss, queue, handle, { ...work, ...lanes })) registerLocalWorker(queue, id);
  };

  await register<{ eventId: string }>(QUEUES.stripeEvents, (d, ctx) => processStripeEvent(d.eventId, ctx));
  await register<{ eventId: string }>(QUEUES.stripeEventsDead, (d) => markStripeEventDead(d.eventId), { concurrency: 1 });
  await register<EmailJob>(QUEUES.emails, (d) => processEmailJob(d));
  const emailLost = async (d: EmailJob) => logFor("jobs").error({ dedupeKey: d.dedupeKey }, "email could not be sent");
  await register<EmailJob>(QUEUES.emailsDead, emailLost, { concurrency: 1 });
  const cron = env().RECONCILE_CRON;
  if (cron !== "off") await registerRecurring(RECONCILE_JOB, cron, async () => void (await reconcilePayments()), { expireInSeconds: 300 });
  const holdCron = env().STOCK_HOLD_CRON;
  if (holdCron !== "off") await registerRecurring(STOCK_HOLD_JOB, holdCron, async () => void (await releaseExpiredStockHolds()), { expireInSeconds: 300 });
  const maintenanceCron = env().DB_MAINTENANCE_CRON;
  if (maintenanceCron !== "off" && databaseHandle().target.kind === "pglite") {
    await registerRecurring(DB_MAINTENANCE_JOB, maintenanceCron, async () => void (await refreshPlannerStatistics(databaseHandle())), { expireInSeconds: 600 });
  }
  const auditCron = env().AUDIT_RETENTION_CRON;
  if (auditCron !== "off") {
    await registerRecurring(AUDIT_RETENTION_JOB, auditCron, async () => void (await purgeAudit(env().AUDIT_RETENTION_DAYS)), { expireInSeconds: 600 });
  }
  return boss;
}
