import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, changeAccess, deleteUserWithoutOrders, listUsersWithTotals } from "@/lib/admin/users";
import { listAudit } from "@/lib/audit";
import { resetPassword } from "@/lib/auth/password-reset";
import { authenticateRequest } from "@/lib/auth/request";
import { isSessionCurrent } from "@/lib/auth/session-version";
import { issueTokenPair, rotateRefreshToken } from "@/lib/auth/tokens";
import { toSessionUser } from "@/lib/auth/types";
import { signInWithPassword } from "@/lib/auth/login";
import { changeUserAccess, getUserById, insertUser } from "@/lib/auth/users";
import { databaseHandle } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { QUEUES, stopJobQueue } from "@/lib/jobs/queue";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await stopJobQueue();
  await testDb.drop();
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; fields?: Record<string, string[]> }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(err)).toBe(true);
  return err as { code: string; fields?: Record<string, string[]> };
}

const bearer = (token: string) => new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } });

describe(`admin: users (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the last active admin can be neither demoted nor deactivated, even by concurrent requests", async () => {
    const a = await insertUser({ email: "admin-a@example.com", name: null, role: "admin", password: "admin-a-password" });
    const b = await insertUser({ email: "admin-b@example.com", name: null, role: "admin", password: "admin-b-password" });
    // Two admins demote each other at once: exactly one change goes through.
    const results = await Promise.allSettled([changeUserAccess(a.id, { role: "customer" }), changeUserAccess(b.id, { role: "customer" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "last_admin", fields: { role: [expect.stringMatching(/last active admin/)] } });
    const remaining = (await getUserById(a.id))!.role === "admin" ? a : b;
    expect((await refusal(changeUserAccess(remaining.id, { active: false }))).fields).toHaveProperty("active");
    expect((await refusal(deleteUserWithoutOrders(remaining.id, null))).code).toBe("last_admin");
    expect((await getUserById(remaining.id))!).toMatchObject({ role: "admin", deactivatedAt: null });

    // Concurrent deactivations of two admins: one stays.
    const c = await insertUser({ email: "admin-c@example.com", name: null, role: "admin", password: "admin-c-password" });
    const both = await Promise.allSettled([changeUserAccess(remaining.id, { active: false }), changeUserAccess(c.id, { active: false })]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const active = await Promise.all([getUserById(remaining.id), getUserById(c.id)]);
    expect(active.filter((u) => u!.deactivatedAt === null)).toHaveLength(1);
  });

  it("a deactivated user cannot sign in, use an access token or refresh one, and is signed out everywhere", async () => {
    const admin = toSessionUser(await insertUser({ email: "boss@example.com", name: "Boss", role: "admin", password: "boss-password" }));
    const user = await addUser({ email: "Leaver@Example.com", name: "Lee", role: "customer", password: "leaver-password" }, admin);
    expect(user.email).toBe("leaver@example.com");
    expect((await signInWithPassword({ email: user.email, password: "leaver-password" })).ok).toBe(true);
    const tokens = await issueTokenPair(user);
    expect((await authenticateRequest(bearer(tokens.access)))?.id).toBe(user.id);

    const deactivated = await changeAccess(user.id, { active: false }, admin);
    expect(deactivated.deactivatedAt).toBeInstanceOf(Date);
    expect(await isSessionCurrent(user.id, user.sessionVersion)).toBe(false);
    expect(await signInWithPassword({ email: user.email, password: "leaver-password" })).toMatchObject({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateRequest(bearer(tokens.access))).toBeNull();
    expect((await refusal(rotateRefreshToken(tokens.refresh))).code).toBe("invalid_token");

    // Reactivated: the password works again (old tokens stay revoked).
    await changeAccess(user.id, { active: true }, admin);
    expect((await signInWithPassword({ email: user.email, password: "leaver-password" })).ok).toBe(true);
    expect((await refusal(rotateRefreshToken(tokens.refresh))).code).toBe("invalid_token");

    const history = await listAudit({ path: `/admin/users/${user.id}` });
    expect(history.entries.map((e) => (e.requestBody as { action: string }).action)).toEqual(["user.reactivated", "user.deactivated", "user.created"]);
    expect(history.entries.every((e) => e.userId === admin.id)).toBe(true);
  });

  it("adds a user without a password who sets one from the emailed link", async () => {
    const user = await addUser({ email: "invited@example.com", name: null, role: "customer", send_set_password_link: true }, null);
    expect(user.passwordHash).toBeNull();
    const [job] = await databaseHandle().query<{ data: { message: { text: string } } }>(
      `select data from pgboss.job where name = $1 and data->>'kind' = 'set_password' and data->>'to' = $2`,
      [QUEUES.emails, user.email],
    );
    const token = decodeURIComponent(/reset-password\?token=(\S+)/.exec(job.data.message.text)![1]);
    await resetPassword(token, "my-own-password");
    expect((await signInWithPassword({ email: user.email, password: "my-own-password" })).ok).toBe(true);
  });

  it("deletes only users without orders, and lists users newest first by keyset pages with a search", async () => {
    const buyer = await insertUser({ email: "buyer@example.com", name: null, role: "customer", password: "buyer-password" });
    await databaseHandle().query(
      `insert into orders (user_id, email, status, currency, amount_total, amount_refunded, access_token, paid_at) values ($1, $2, 'paid', 'usd', 2500, 500, 'tok', now()), ($1, $2, 'pending', 'usd', 900, 0, 'tok2', null)`,
      [buyer.id, buyer.email],
    );
    expect((await refusal(deleteUserWithoutOrders(buyer.id, null))).code).toBe("user_has_orders");
    const loner = await insertUser({ email: "loner@example.com", name: null, role: "customer", password: "loner-password" });
    await deleteUserWithoutOrders(loner.id, null);
    expect(await getUserById(loner.id)).toBeNull();

    const found = await listUsersWithTotals({ q: "BUYER@" });
    expect(found.users.map((u) => [u.email, u.orderCount, u.lifetimeValue])).toEqual([["buyer@example.com", 2, 2000]]);
    expect((await listUsersWithTotals({ q: "%" })).users).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listUsersWithTotals({ cursor, limit: 2 });
      seen.push(...page.users.map((u) => u.email));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = (await listUsersWithTotals({ limit: 100 })).users.map((u) => u.email);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await refusal(listUsersWithTotals({ cursor: "nope" }))).fields).toHaveProperty("cursor");
  });

  it("refuses a duplicate email and a user with neither password nor link, naming the field", async () => {
    expect((await refusal(addUser({ email: "BUYER@example.com", name: null, role: "customer", password: "whatever-password" }, null))).fields).toHaveProperty("email");
    const { adminNewUserSchema } = await import("@/lib/admin/users");
    const parsed = adminNewUserSchema.safeParse({ email: "x@example.com" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual(["password"]);
  });
});
