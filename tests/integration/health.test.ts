import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, pingDatabase } from "@/db/client";
import { checkHealth } from "@/lib/health";
import { freePort } from "@/support/ports";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

describe("health", () => {
  it("is ok while the database answers", async () => {
    expect(await checkHealth()).toEqual({ status: "ok", db: "ok" });
  });

  it("reports the database down when nothing listens", async () => {
    const down = openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${await freePort()}/nope` });
    expect(await pingDatabase(down)).toBe(false);
    await down.close();
  });
});
