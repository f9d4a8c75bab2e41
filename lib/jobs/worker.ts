import type PgBoss from "pg-boss";
import { processEmailJob, type EmailJob } from "@/lib/email";
import { logFor } from "@/lib/log";
import { markStripeEventDead, processStripeEvent } from "@/lib/webhooks";
import { DEFAULT_RETRY, jobQueue, QUEUES, registerLocalWorker, type RetryPolicy } from "./queue";

type WorkerOptions = { retry?: RetryPolicy; pollingIntervalSeconds?: number };

/**
 * Start processing every queue in this process: Stripe events, emails, and their dead letters.
 * Runs inside the app by default (RUN_JOBS_IN_APP) and alone as `npm run worker`.
 */
export async function startWorkers(opts: WorkerOptions = {}): Promise<PgBoss> {
  const boss = await jobQueue(opts.retry ?? DEFAULT_RETRY);
  const work = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1 };

  const register = async <T extends object>(queue: string, handle: (data: T) => Promise<unknown>) => {
    const id = await boss.work<T>(queue, work, async (jobs) => {
      for (const job of jobs) await handle(job.data);
    });
    registerLocalWorker(queue, id);
  };

  await register<{ eventId: string }>(QUEUES.stripeEvents, (d) => processStripeEvent(d.eventId));
  await register<{ eventId: string }>(QUEUES.stripeEventsDead, (d) => markStripeEventDead(d.eventId));
  await register<EmailJob>(QUEUES.emails, (d) => processEmailJob(d));
  await register<EmailJob>(QUEUES.emailsDead, async (d) => logFor("jobs").error({ dedupeKey: d.dedupeKey }, "email could not be sent"));
  return boss;
}
