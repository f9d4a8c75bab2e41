import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "@/lib/auth/login";
import {
  ACCOUNT_SLOWDOWN_AFTER,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_CLIENT,
  MAX_FAILURES_PER_IP,
  accountDelayMs,
  recordFailedSignIn,
} from "@/lib/auth/rate-limit";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await createUser({ email: "dana@example.com", password: "dana-password" });
  await createUser({ email: "admin-victim@example.com", password: "admin-password", role: "admin" });
});
afterAll(() => testDb.drop());
afterEach(() => vi.useRealTimers());

const minutes = (n: number) => n * 60 * 1000;

describe(`sign-in throttling per (account, client) (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it(`throttles one client after ${MAX_FAILURES_PER_CLIENT} failures on an account, even with the right password, and says for how long`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      expect(await signInWithPassword({ email: "dana@example.com", password: `wrong-${i}`, ip: "198.51.100.7" })).toMatchObject({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    const locked = await signInWithPassword({ email: "DANA@example.com", password: "dana-password", ip: "198.51.100.7" });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited", message: "Too many sign-in attempts. Try again in 15 minutes." });
  });

  it("never locks the owner out: wrong guesses from other clients leave their sign-in alone (M2)", async () => {
    // Five guesses from five addresses, and five more from one: the admin still signs in from home.
    for (let i = 0; i < 5; i++) await signInWithPassword({ email: "admin-victim@example.com", password: `guess-${i}`, ip: `203.0.113.${i}` });
    for (let i = 0; i < 6; i++) await signInWithPassword({ email: "admin-victim@example.com", password: `guess-${i}`, ip: "203.0.113.200" });
    const owner = await signInWithPassword({ email: "admin-victim@example.com", password: "admin-password", ip: "192.0.2.10" });
    expect(owner).toMatchObject({ ok: true });
  });

  it("lifts a client's throttle once the window has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + LOGIN_WINDOW_MS + 1000));
    expect(await signInWithPassword({ email: "dana@example.com", password: "dana-password", ip: "198.51.100.7" })).toMatchObject({ ok: true });
  });

  it("a successful sign-in resets that client's count", async () => {
    await createUser({ email: "eve@example.com", password: "eve-password" });
    const ip = "198.51.100.20";
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_CLIENT - 1; i++) await signInWithPassword({ email: "eve@example.com", password: "nope-nope", ip });
      expect(await signInWithPassword({ email: "eve@example.com", password: "eve-password", ip })).toMatchObject({ ok: true });
    }
  });

  it(`counts failures per IP across accounts (${MAX_FAILURES_PER_IP}), and a success does not reset that`, async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await recordFailedSignIn({ email: `victim${i}@example.com`, ip });
    expect(await signInWithPassword({ email: "fresh@example.com", password: "whatever-1", ip })).toMatchObject({ reason: "rate_limited" });
    expect(await signInWithPassword({ email: "fresh@example.com", password: "whatever-1", ip: "203.0.113.51" })).toMatchObject({
      reason: "invalid_credentials",
    });
  });

  it("distributed guessing slows the account down but never locks it", async () => {
    await createUser({ email: "popular@example.com", password: "popular-password" });
    const failures = ACCOUNT_SLOWDOWN_AFTER + 20;
    for (let i = 0; i < failures; i++) await recordFailedSignIn({ email: "popular@example.com", ip: `10.1.${Math.floor(i / 250)}.${i % 250}` });
    const delay = accountDelayMs(failures);
    expect(delay).toBeGreaterThan(0);
    const started = performance.now();
    const owner = await signInWithPassword({ email: "popular@example.com", password: "popular-password", ip: "192.0.2.99" });
    expect(owner).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(delay - 20);
  });

  it("the slowdown grows with the failures and is capped", () => {
    expect(accountDelayMs(ACCOUNT_SLOWDOWN_AFTER - 1)).toBe(0);
    expect(accountDelayMs(ACCOUNT_SLOWDOWN_AFTER)).toBeGreaterThan(0);
    expect(accountDelayMs(ACCOUNT_SLOWDOWN_AFTER + 3)).toBeGreaterThan(accountDelayMs(ACCOUNT_SLOWDOWN_AFTER + 1));
    expect(accountDelayMs(10_000)).toBe(accountDelayMs(1_000));
    expect(accountDelayMs(10_000)).toBeLessThanOrEqual(5_000);
  });

  it("the counters live in the database (they hold across app instances)", async () => {
    const rows = await testDb.handle.query<{ key: string; points: number }>("select key, points from rate_limits where key like 'login-ip:%203.0.113.50'");
    expect(rows).toEqual([{ key: expect.stringContaining("203.0.113.50"), points: MAX_FAILURES_PER_IP }]);
  });
});

describe("old attempts", () => {
  it("ignores failures older than the window", async () => {
    await createUser({ email: "old@example.com", password: "old-password" });
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT * 2; i++) await recordFailedSignIn({ email: "old@example.com", ip: "198.51.100.30" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + LOGIN_WINDOW_MS + minutes(1)));
    expect(await signInWithPassword({ email: "old@example.com", password: "old-password", ip: "198.51.100.30" })).toMatchObject({ ok: true });
  });
});
