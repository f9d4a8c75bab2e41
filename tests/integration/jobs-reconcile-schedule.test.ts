import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobQueue } from "@/lib/jobs/queue";
import { AUDIT_RETENTION_JOB, DB_MAINTENANCE_JOB, RECONCILE_JOB, STOCK_HOLD_JOB, startWorkers } from "@/lib/jobs/worker";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
let stripe: TestStripe;

beforeAll(async () => {
  // The app's default (vitest's config turns it off for the other files): read on first env().
  process.env.RECONCILE_CRON = "*/10 * * * *";
  process.env.AUDIT_RETENTION_CRON = "17 3 * * *";
  process.env.STOCK_HOLD_CRON = "*/5 * * * *";
  process.env.DB_MAINTENANCE_CRON = "23 * * * *";
  ({ stripe, testDb } = await startStripeAndDatabase());
  await startWorkers();
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

describe(`recurring job schedules: reconciliation, audit retention, stock holds (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("registers the reconciliation on RECONCILE_CRON when the workers start", async () => {
    const boss = await jobQueue();
    const schedules = (await boss.getSchedules()).filter((s) => s.name === RECONCILE_JOB);
    expect(schedules).toEqual([expect.objectContaining({ cron: "*/10 * * * *", timezone: "UTC" })]);
  });

  it("registers the audit log's retention job on AUDIT_RETENTION_CRON when the workers start", async () => {
    const boss = await jobQueue();
    const schedules = (await boss.getSchedules()).filter((s) => s.name === AUDIT_RETENTION_JOB);
    expect(schedules).toEqual([expect.objectContaining({ cron: "17 3 * * *", timezone: "UTC" })]);
  });

  it("registers the release of expired stock holds on STOCK_HOLD_CRON when the workers start", async () => {
    const boss = await jobQueue();
    const schedules = (await boss.getSchedules()).filter((s) => s.name === STOCK_HOLD_JOB);
    expect(schedules).toEqual([expect.objectContaining({ cron: "*/5 * * * *", timezone: "UTC" })]);
  });

  it("registers the planner maintenance on DB_MAINTENANCE_CRON on PGlite only (Postgres has autovacuum)", async () => {
    const boss = await jobQueue();
    const schedules = (await boss.getSchedules()).filter((s) => s.name === DB_MAINTENANCE_JOB);
    expect(schedules).toEqual(testDb.kind === "pglite" ? [expect.objectContaining({ cron: "23 * * * *", timezone: "UTC" })] : []);
  });
});
