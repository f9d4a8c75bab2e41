import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { registerRecurring, unregisterRecurring } from "@/lib/jobs/recurring";
import { eventually } from "../support/eventually";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await jobQueue();
});
afterAll(async () => {
  await stopJobQueue();
  await testDb.drop();
});

describe(`recurring jobs (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("runs a registered job from its schedule in the database", async () => {
    const runs: number[] = [];
    await registerRecurring("test-every-minute", "* * * * *", async () => void runs.push(Date.now()));
    const boss = await jobQueue();
    expect((await boss.getSchedules()).find((s) => s.name === "test-every-minute")).toMatchObject({ cron: "* * * * *", timezone: "UTC" });
    // "* * * * *" is due at once; pg-boss looks for due schedules every 10 s and hands them on within 5 s.
    await eventually(async () => runs.length >= 1, "the recurring job to run", 45_000);
    // Registering again (another instance, a restart) keeps one schedule.
    await registerRecurring("test-every-minute", "* * * * *", async () => void runs.push(Date.now()));
    expect((await boss.getSchedules()).filter((s) => s.name === "test-every-minute")).toHaveLength(1);
    await unregisterRecurring("test-every-minute");
    expect((await boss.getSchedules()).find((s) => s.name === "test-every-minute")).toBeUndefined();
  }, 60_000);

  it("refuses a malformed schedule or one more often than once a minute", async () => {
    await expect(registerRecurring("test-bad", "every minute", async () => {})).rejects.toThrow(/cron/i);
    await expect(registerRecurring("test-bad", "*/10 * * * * *", async () => {})).rejects.toThrow(/five-field|once a minute/i);
    await expect(registerRecurring("test-bad", "61 * * * *", async () => {})).rejects.toThrow();
    const boss = await jobQueue();
    expect((await boss.getSchedules()).find((s) => s.name === "test-bad")).toBeUndefined();
  });
});
