import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobQueue } from "@/lib/jobs/queue";
import { RECONCILE_JOB, startWorkers } from "@/lib/jobs/worker";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
let stripe: TestStripe;

beforeAll(async () => {
  // The app's default (vitest's config turns it off for the other files): read on first env().
  process.env.RECONCILE_CRON = "*/10 * * * *";
  ({ stripe, testDb } = await startStripeAndDatabase());
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

describe(`payment reconciliation schedule (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("is registered on its schedule when the workers start", async () => {
    await startWorkers();
    const boss = await jobQueue();
    const schedules = (await boss.getSchedules()).filter((s) => s.name === RECONCILE_JOB);
    expect(schedules).toEqual([expect.objectContaining({ cron: "*/10 * * * *", timezone: "UTC" })]);
  });
});
