import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createUser } from "@/lib/auth/users";
import { CONTROL_CHARACTER_MESSAGE } from "@/lib/validation/text";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.drop();
});

/** What a call ends in: ok, a schema failure (a 400 for the routes), or another error (a 500). */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (err) {
    if (err instanceof z.ZodError) return `invalid: ${err.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
    return `error: ${(err as Error).name}`;
  }
}

describe(`NUL and control characters in text input (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it.each([
    ["name", { email: "nul-name@example.com", name: "Ann\u0000", password: "password-123" }],
    ["email", { email: "nul\u0000@example.com", name: "Ann", password: "password-123" }],
    ["password", { email: "nul-password@example.com", name: "Ann", password: "password\u0000123" }],
    ["name (bell)", { email: "bell@example.com", name: "Ann\u0007", password: "password-123" }],
  ])("signup with a control character in the %s is refused by the schema, before the database", async (_field, input) => {
    expect(await outcome(() => createUser(input))).toMatch(new RegExp(`^invalid: .*${CONTROL_CHARACTER_MESSAGE}`));
  });

  it("still takes tabs and ordinary text", async () => {
    expect(await outcome(() => createUser({ email: "plain@example.com", name: "Ann\tLee", password: "pass word-123" }))).toBe("ok");
  });
});
