import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAttempts } from "@/db/schema";
import { signInWithPassword } from "@/lib/auth/login";
import {
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  checkLoginAllowed,
  recordLoginAttempt,
} from "@/lib/auth/rate-limit";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await createUser({ email: "dana@example.com", password: "dana-password" });
});
afterAll(() => testDb.drop());

const minutes = (n: number) => n * 60 * 1000;

describe(`sign-in rate limits (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it(`locks an account after ${MAX_FAILURES_PER_EMAIL} failures, even with the right password, and says for how long`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      const r = await signInWithPassword({ email: "dana@example.com", password: `wrong-${i}`, ip: `198.51.100.${i}` });
      expect(r).toMatchObject({ ok: false, reason: "invalid_credentials" });
    }
    const locked = await signInWithPassword({ email: "DANA@example.com", password: "dana-password", ip: "198.51.100.99" });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited", message: "Too many sign-in attempts. Try again in 15 minutes." });
    // Persisted: the attempts are rows, keyed by lower-cased email and by IP.
    const rows = await testDb.handle.db.select().from(loginAttempts).where(eq(loginAttempts.key, "email:dana@example.com"));
    expect(rows).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(rows.every((r) => !r.succeeded)).toBe(true);
  });

  it("lifts the lock once the failures leave the 15-minute window", async () => {
    const gateSoon = await checkLoginAllowed({ email: "dana@example.com" }, new Date(Date.now() + minutes(10)));
    expect(gateSoon).toMatchObject({ allowed: false, message: expect.stringMatching(/Try again in [1-5] minutes?\./) });
    const gateLater = await checkLoginAllowed({ email: "dana@example.com" }, new Date(Date.now() + LOGIN_WINDOW_MS + 1000));
    expect(gateLater).toEqual({ allowed: true });
  });

  it("counts failures per IP across accounts", async () => {
    const ip = "203.0.113.50";
    const t0 = new Date(Date.now() - minutes(5));
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await recordLoginAttempt({ email: `victim${i}@example.com`, ip, succeeded: false }, t0);
    }
    const gate = await checkLoginAllowed({ email: "fresh@example.com", ip });
    expect(gate).toMatchObject({ allowed: false, message: "Too many sign-in attempts. Try again in 10 minutes." });
    expect(await checkLoginAllowed({ email: "fresh@example.com", ip: "203.0.113.51" })).toEqual({ allowed: true });
    // A success from that IP does not reset the IP's count.
    await recordLoginAttempt({ email: "someone@example.com", ip, succeeded: true });
    expect((await checkLoginAllowed({ email: "fresh@example.com", ip })).allowed).toBe(false);
  });

  it("a successful sign-in resets the account's count", async () => {
    await createUser({ email: "eve@example.com", password: "eve-password" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await signInWithPassword({ email: "eve@example.com", password: "nope-nope" });
    expect(await signInWithPassword({ email: "eve@example.com", password: "eve-password" })).toMatchObject({ ok: true });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await signInWithPassword({ email: "eve@example.com", password: "nope-nope" });
    expect(await signInWithPassword({ email: "eve@example.com", password: "eve-password" })).toMatchObject({ ok: true });
  });

  it("ignores attempts older than the window", async () => {
    const old = new Date(Date.now() - LOGIN_WINDOW_MS - minutes(1));
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL * 2; i++) await recordLoginAttempt({ email: "old@example.com", succeeded: false }, old);
    expect(await checkLoginAllowed({ email: "old@example.com" })).toEqual({ allowed: true });
  });
});
