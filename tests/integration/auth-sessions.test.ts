import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessionCurrent, revokeSessions } from "@/lib/auth/session-version";
import { createUser, setUserPassword, setUserRole } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

describe(`server-side session revocation (L5, ${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a session lives until the user's session version moves on: sign-out, new password, new role", async () => {
    const user = await createUser({ email: "sessions@example.com", password: "sessions-password" });
    expect(user.sessionVersion).toBe(0);
    expect(await isSessionCurrent(user.id, 0)).toBe(true);
    // Sessions from before session versions existed carry none: version 0.
    expect(await isSessionCurrent(user.id, undefined)).toBe(true);

    await revokeSessions(user.id);
    expect(await isSessionCurrent(user.id, 0)).toBe(false);
    expect(await isSessionCurrent(user.id, 1)).toBe(true);

    await setUserPassword(user.id, "another-password");
    expect(await isSessionCurrent(user.id, 1)).toBe(false);
    await setUserRole(user.id, "admin");
    expect(await isSessionCurrent(user.id, 2)).toBe(false);
    expect(await isSessionCurrent(user.id, 3)).toBe(true);
  });

  it("no user, no session", async () => {
    expect(await isSessionCurrent("00000000-0000-4000-8000-000000000000", 0)).toBe(false);
    expect(await isSessionCurrent("not-a-uuid", 0)).toBe(false);
    await expect(revokeSessions("not-a-uuid")).resolves.toBeUndefined();
  });
});
