import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, pingDatabase } from "@/db/client";
import { checkHealth } from "@/lib/health";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

/** A port on which nothing listens: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
    const down = openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${await closedPort()}/nope` });
    expect(await pingDatabase(down)).toBe(false);
    await down.close();
  });
});
