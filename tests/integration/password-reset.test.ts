import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword, isResetTokenValid, passwordResetLink, requestPasswordReset, resetPassword, RESET_TTL_SECONDS, WRONG_CURRENT_PASSWORD } from "@/lib/auth/password-reset";
import { isSessionCurrent } from "@/lib/auth/session-version";
import { createUser, verifyCredentials } from "@/lib/auth/users";
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

/** The reset emails waiting in the outbox's queue for `to`, as the job would write them. */
async function resetEmailsTo(to: string): Promise<{ subject: string; text: string }[]> {
  const rows = await databaseHandle().query<{ data: { to: string; message: { subject: string; text: string } } }>(
    `select data from pgboss.job where name = $1 and data->>'kind' = 'password_reset' and data->>'to' = $2 order by created_on`,
    [QUEUES.emails, to],
  );
  return rows.map((r) => r.data.message);
}
const tokenIn = (text: string) => decodeURIComponent(/reset-password\?token=(\S+)/.exec(text)![1]);

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(err)).toBe(true);
  return (err as Error).message;
}

describe(`password reset by emailed link (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the link sets a new password once, ends the user's sessions, and is void afterwards", async () => {
    const user = await createUser({ email: "forgetful@example.com", password: "the-old-password" });
    await requestPasswordReset("Forgetful@Example.com ", { ip: "192.0.2.10" });
    const [email] = await resetEmailsTo(user.email);
    expect(email.subject).toMatch(/Reset your .* password/);
    const token = tokenIn(email.text);
    expect(await isResetTokenValid(token)).toBe(true);

    // Two uses at once: one sets the password, the other is refused.
    const results = await Promise.allSettled([resetPassword(token, "brand-new-password"), resetPassword(token, "another-new-password")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await verifyCredentials(user.email, "the-old-password")).toBeNull();
    const winner = results[0].status === "fulfilled" ? "brand-new-password" : "another-new-password";
    expect(await verifyCredentials(user.email, winner)).not.toBeNull();
    expect(await isSessionCurrent(user.id, 0)).toBe(false);

    expect(await isResetTokenValid(token)).toBe(false);
    expect(await refused(resetPassword(token, "third-password!"))).toMatch(/expired or has already been used/);
  });

  it("refuses an expired, altered or malformed link, and a short password, changing nothing", async () => {
    const user = await createUser({ email: "expiry@example.com", password: "expiry-password" });
    const old = new URL(passwordResetLink(user, Date.now() - (RESET_TTL_SECONDS + 1) * 1000)).searchParams.get("token")!;
    expect(await isResetTokenValid(old)).toBe(false);
    expect(await refused(resetPassword(old, "a-new-password"))).toMatch(/expired/);

    const good = new URL(passwordResetLink(user)).searchParams.get("token")!;
    const [id, expires, mac] = good.split(".");
    for (const bad of [`${id}.${Number(expires) + 3600}.${mac}`, `${id}.${expires}.${mac.slice(0, -2)}AA`, "nonsense", `${id}.${expires}`, `${good}.x`]) {
      expect(await isResetTokenValid(bad), bad).toBe(false);
    }
    await expect(resetPassword(good, "short")).rejects.toThrow();
    expect(await verifyCredentials(user.email, "expiry-password")).not.toBeNull();
    expect(await isResetTokenValid(good)).toBe(true);
  });

  it("answers an unknown email as a known one, sends it nothing, and limits requests", async () => {
    await expect(requestPasswordReset("nobody@example.com", { ip: "192.0.2.20" })).resolves.toBeUndefined();
    expect(await resetEmailsTo("nobody@example.com")).toEqual([]);

    await createUser({ email: "flooded@example.com", password: "flooded-password" });
    for (let i = 0; i < 3; i++) await requestPasswordReset("flooded@example.com", { ip: `192.0.2.${30 + i}` });
    expect(await refused(requestPasswordReset("flooded@example.com", { ip: "192.0.2.40" }))).toMatch(/Too many reset requests/);
    // The limit counts unknown emails too, so it does not tell them apart.
    for (let i = 0; i < 3; i++) await requestPasswordReset("ghost@example.com", { ip: `192.0.2.${50 + i}` });
    expect(await refused(requestPasswordReset("ghost@example.com", { ip: "192.0.2.60" }))).toMatch(/Too many reset requests/);
  });
  it("a signed-in user changes their password: the current one is checked, the new one must differ, sessions end", async () => {
    const user = await createUser({ email: "changer@example.com", password: "the-old-password" });
    const ip = "203.0.113.77";
    const wrong = await changePassword(user.id, { currentPassword: "not-it-at-all", password: "a-new-password" }, { ip }).catch((e: unknown) => e);
    expect(isDomainError(wrong) && wrong.fields).toEqual({ current_password: [WRONG_CURRENT_PASSWORD] });
    const same = await changePassword(user.id, { currentPassword: "the-old-password", password: "the-old-password" }, { ip }).catch((e: unknown) => e);
    expect(isDomainError(same) && Object.keys(same.fields ?? {})).toEqual(["password"]);
    expect(await verifyCredentials("changer@example.com", "the-old-password")).not.toBeNull();

    const updated = await changePassword(user.id, { currentPassword: "the-old-password", password: "a-new-password" }, { ip });
    expect(updated.sessionVersion).not.toBe(user.sessionVersion);
    expect(await isSessionCurrent(user.id, user.sessionVersion)).toBe(false);
    expect(await verifyCredentials("changer@example.com", "the-old-password")).toBeNull();
    expect(await verifyCredentials("changer@example.com", "a-new-password")).not.toBeNull();
    // The old password no longer passes the check either.
    expect(await refused(changePassword(user.id, { currentPassword: "the-old-password", password: "third-password" }, { ip }))).toBe(WRONG_CURRENT_PASSWORD);
  });
});
