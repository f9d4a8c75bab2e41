import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { users } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { DEFAULT_ADMIN_EMAIL, createAdminUser, ensureAdminUser } from "@/lib/auth/admin-bootstrap";
import { INVALID_CREDENTIALS_MESSAGE, signInWithPassword } from "@/lib/auth/login";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { createUser, findUserByEmail, verifyCredentials } from "@/lib/auth/users";
import { useDatabaseHandle } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());


describe(`accounts (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("creates a customer with a lower-cased email and an argon2id hash", async () => {
    const user = await createUser({ email: "  Ann.Lee@Example.COM ", name: "Ann Lee", password: "correct horse" });
    expect(user).toMatchObject({ email: "ann.lee@example.com", name: "Ann Lee", role: "customer" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("correct horse");
  });

  it("verifies the password, with any case of email", async () => {
    expect((await verifyCredentials("ann.lee@example.com", "correct horse"))?.email).toBe("ann.lee@example.com");
    expect((await verifyCredentials("ANN.LEE@example.com", "correct horse"))?.name).toBe("Ann Lee");
    expect(await verifyCredentials("ann.lee@example.com", "Correct horse")).toBeNull();
    expect(await verifyCredentials("nobody@example.com", "correct horse")).toBeNull();
  });

  it("refuses a second account for the same email in any case", async () => {
    const before = (await testDb.handle.db.select().from(users)).length;
    const err = await createUser({ email: "ANN.LEE@EXAMPLE.com", password: "another password" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "email_taken", fields: { email: [expect.stringMatching(/already exists/)] } });
    expect((await testDb.handle.db.select().from(users)).length).toBe(before);
    // The unique index on lower(email) holds even if the check above were skipped.
    await expect(testDb.handle.db.insert(users).values({ email: "Ann.Lee@example.com" })).rejects.toThrow();
  });

  it("settles concurrent signups for one email with exactly one account", async () => {
    const results = await Promise.allSettled([
      createUser({ email: "race@example.com", password: "password-1" }),
      createUser({ email: "RACE@example.com", password: "password-2" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "email_taken" });
  });

  it("refuses weak, missing and malformed input", async () => {
    await expect(createUser({ email: "short@example.com", password: "1234567" })).rejects.toBeInstanceOf(ZodError);
    await expect(createUser({ email: "short@example.com" } as never)).rejects.toBeInstanceOf(ZodError);
    await expect(createUser({ email: "not-an-email", password: "long enough" })).rejects.toBeInstanceOf(ZodError);
    expect(await findUserByEmail("short@example.com")).toBeNull();
  });

  it("answers a wrong password and an unknown email the same way, at the same cost", async () => {
    const wrongAnswer = await signInWithPassword({ email: "ann.lee@example.com", password: "wrong password", ip: "192.0.2.1" });
    const unknownAnswer = await signInWithPassword({ email: "nobody@example.com", password: "wrong password", ip: "192.0.2.1" });
    expect(wrongAnswer).toEqual({ ok: false, reason: "invalid_credentials", message: INVALID_CREDENTIALS_MESSAGE });
    expect(unknownAnswer).toEqual(wrongAnswer);

    // The cost of the password check behind both answers (verifyCredentials; the throttling around
    // it is the same for both), as the CPU time this process spends: process.cpuUsage counts every
    // thread, argon2's too, and a loaded machine stretches wall-clock times, not the work done.
    const cpuMs = async (run: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await run();
      const spent = process.cpuUsage(before);
      return (spent.user + spent.system) / 1000;
    };
    const someHash = await hashPassword("some password");
    const runs = {
      wrong: () => verifyCredentials("ann.lee@example.com", "wrong password"),
      unknown: () => verifyCredentials("nobody@example.com", "wrong password"),
      argon2: () => verifyPassword(someHash, "wrong password"),
    };
    const kinds = Object.keys(runs) as (keyof typeof runs)[];
    const costs = { wrong: [] as number[], unknown: [] as number[], argon2: [] as number[] };
    // Interleaved rounds in a new order each round, then the median of each kind.
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + round) % kinds.length];
        costs[kind].push(await cpuMs(runs[kind]));
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [wrong, unknown, argon2] = [median(costs.wrong), median(costs.unknown), median(costs.argon2)];
    // One argon2 verification (19 MiB, 2 passes) is a cost that shows...
    expect(argon2).toBeGreaterThan(5);
    // ...and an unknown email pays it as a wrong password does: the two differ by less than half of one.
    expect(Math.abs(unknown - wrong), JSON.stringify({ wrong, unknown, argon2 })).toBeLessThan(argon2 / 2);
  });
});

describe("admin bootstrap", () => {
  it("creates admin@cashline.local with a generated password printed once, then does nothing", async () => {
    const lines: string[] = [];
    const first = await ensureAdminUser({ log: (l) => lines.push(l) });
    expect(first?.created).toBe(true);
    expect(first?.user).toMatchObject({ email: DEFAULT_ADMIN_EMAIL, role: "admin" });
    const password = first!.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(lines.join("\n")).toContain(password);
    expect(await verifyCredentials(DEFAULT_ADMIN_EMAIL, password)).not.toBeNull();

    const again = await ensureAdminUser({ log: (l) => lines.push(l) });
    expect(again).toBeNull();
    expect(lines).toHaveLength(1);
  });

  it("uses ADMIN_EMAIL/ADMIN_PASSWORD when given, and admin:create promotes existing users", async () => {
    const other = await createTestDatabase();
    try {
      const result = await ensureAdminUser({ email: "Boss@Example.com", password: "s3cret-admin-pw", log: () => {} }, other.handle.db);
      expect(result).toMatchObject({ created: true, generatedPassword: undefined, user: { email: "boss@example.com", role: "admin" } });
      expect(await verifyCredentials("boss@example.com", "s3cret-admin-pw", other.handle.db)).not.toBeNull();

      await createUser({ email: "later@example.com", password: "customer-pw" }, other.handle.db);
      const promoted = await createAdminUser({ email: "later@example.com" }, other.handle.db);
      expect(promoted).toMatchObject({ created: false, user: { role: "admin" } });
      expect((await findUserByEmail("later@example.com", other.handle.db))?.role).toBe("admin");
      expect(await verifyCredentials("later@example.com", "customer-pw", other.handle.db)).not.toBeNull();
    } finally {
      await other.drop();
      useDatabaseHandle(testDb.handle);
    }
  });
});
