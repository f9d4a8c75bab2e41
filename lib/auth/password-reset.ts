import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { db } from "@/lib/db";
import { enqueueMessage } from "@/lib/email";
import { renderPasswordReset, renderSetPassword } from "@/lib/email/templates";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { logFor } from "@/lib/log";
import { Limit, minutesText, RateLimitedError } from "@/lib/rate-limit";
import { signInWithPassword } from "./login";
import { hashPassword, passwordSchema } from "./passwords";
import { nextSessionVersion } from "./session-version";
import { findUserByEmail, getUserById, normalizeEmail } from "./users";

/**
 * "Forgot your password?": a reset link by email, valid for an hour, good once.
 *
 * The token is stateless — `<user id>.<expiry>.<mac>` where the MAC (HMAC-SHA256 under a key
 * derived from AUTH_SECRET) covers the user id, the expiry and the user's current password hash
 * and session version — so no token is kept in a table, and it is single-use by construction:
 * setting the password changes the hash, which voids every link sent before (the write is
 * conditional on the old hash, so two concurrent uses of one link set the password once). It
 * also ends the user's sessions everywhere.
 *
 * No user enumeration: the request answers the same whether the email has an account or not;
 * requests are rate-limited per client address and per email (the per-email limit also keeps an
 * inbox from being flooded).
 */
export const RESET_TTL_SECONDS = 60 * 60;
export const RESET_SENT_MESSAGE = "If an account exists for that email, we've sent a link to reset its password. The link works for one hour.";
export const RESET_INVALID_MESSAGE = "This reset link has expired or has already been used. Ask for a new one.";

const perIp = new Limit({ name: "password-reset-ip", points: 10, windowSeconds: 60 * 60 });
const perEmail = new Limit({ name: "password-reset-email", points: 3, windowSeconds: 60 * 60 });

function mac(user: Pick<User, "id" | "passwordHash" | "sessionVersion">, expires: number): string {
  const key = createHmac("sha256", env().authSecret).update("cashline password reset").digest();
  return createHmac("sha256", key).update(`${user.id}|${expires}|${user.passwordHash ?? ""}|${user.sessionVersion}`).digest("base64url");
}

/** The reset link for `user`, valid until `now` + RESET_TTL_SECONDS (exported for tests of expiry). */
export function passwordResetLink(user: Pick<User, "id" | "passwordHash" | "sessionVersion">, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + RESET_TTL_SECONDS;
  const token = `${user.id}.${expires}.${mac(user, expires)}`;
  return `${env().appUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

/** Email a reset link if `email` has an account; the same quiet answer either way. */
export async function requestPasswordReset(email: string, context: { ip: string | null }): Promise<void> {
  const address = normalizeEmail(email);
  for (const [limit, key] of [
    [perIp, context.ip],
    [perEmail, address],
  ] as const) {
    if (!key) continue;
    const wait = await limit.take(key);
    if (wait !== null) throw new RateLimitedError(`Too many reset requests. Try again in ${minutesText(wait)}.`, wait);
  }
  const user = await findUserByEmail(address);
  if (!user) return;
  const link = passwordResetLink(user);
  await enqueueMessage("password_reset", user.email, `password_reset:${user.id}:${Math.floor(Date.now() / 1000)}`, renderPasswordReset(link));
  logFor("auth").info({ userId: user.id }, "password reset link sent");
}

/** An account made by an admin without a password: email the user a link to choose one (the reset link). */
export async function sendSetPasswordLink(user: User): Promise<void> {
  await enqueueMessage("set_password", user.email, `set_password:${user.id}:${user.sessionVersion}`, renderSetPassword(passwordResetLink(user)));
  logFor("auth").info({ userId: user.id }, "set-password link sent");
}

/** The user a reset token is for, if it is still good (unexpired, and the password unchanged since). */
async function userForToken(token: string, now = Date.now()): Promise<User | null> {
  const [id, expiresText, given, extra] = token.split(".");
  const expires = Number(expiresText);
  if (extra !== undefined || !id || !given || !Number.isSafeInteger(expires) || expires * 1000 < now) return null;
  const user = await getUserById(id);
  if (!user) return null;
  const expected = Buffer.from(mac(user, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? user : null;
}

/** Is this link still good? (The reset page asks before showing its form.) */
export async function isResetTokenValid(token: string): Promise<boolean> {
  return (await userForToken(token)) !== null;
}

/**
 * Store `password` as `user`'s new password and end their sessions everywhere — only if the user
 * row is still as `user` read it (hash and session version), so a link or a check is good once.
 */
async function replacePassword(user: User, password: string): Promise<User | null> {
  const passwordHash = await hashPassword(password);
  const [updated] = await db()
    .update(users)
    .set({ passwordHash, sessionVersion: nextSessionVersion })
    .where(and(eq(users.id, user.id), user.passwordHash === null ? isNull(users.passwordHash) : eq(users.passwordHash, user.passwordHash), sql`${users.sessionVersion} = ${user.sessionVersion}`))
    .returning();
  return updated ?? null;
}

/** Set a new password from a reset link: once per link, and it signs the user out everywhere. */
export async function resetPassword(token: string, password: string): Promise<User> {
  const newPassword = passwordSchema.parse(password);
  const user = await userForToken(token);
  if (!user) throw new DomainError("invalid_request", RESET_INVALID_MESSAGE, { token: [RESET_INVALID_MESSAGE] });
  const updated = await replacePassword(user, newPassword);
  if (!updated) throw new DomainError("invalid_request", RESET_INVALID_MESSAGE, { token: [RESET_INVALID_MESSAGE] });
  logFor("auth").info({ userId: user.id }, "password reset");
  return updated;
}

export const WRONG_CURRENT_PASSWORD = "That is not your current password.";

/**
 * A signed-in user changes their password: the current one is checked by the sign-in check
 * (signInWithPassword: its slots, throttles and failure counts, so a stolen session cannot guess
 * it fast), the new one must differ, and the change signs the user out everywhere.
 */
export async function changePassword(userId: string, input: { currentPassword: string; password: string }, context: { ip: string | null }): Promise<User> {
  const newPassword = passwordSchema.parse(input.password);
  const user = await getUserById(userId);
  if (!user || user.deactivatedAt || !user.passwordHash) throw new DomainError("unauthorized", "Please sign in again.");
  const check = await signInWithPassword({ email: user.email, password: input.currentPassword, ip: context.ip });
  if (!check.ok && check.reason === "rate_limited") throw new RateLimitedError(check.message, check.retryAfterSeconds);
  if (!check.ok || check.user.id !== user.id) throw new DomainError("invalid_request", WRONG_CURRENT_PASSWORD, { current_password: [WRONG_CURRENT_PASSWORD] });
  if (newPassword === input.currentPassword) {
    throw new DomainError("invalid_request", "Choose a password different from the current one.", { password: ["must differ from the current password"] });
  }
  // Read again after the check: the conditional write then refuses a change made meanwhile.
  const updated = await replacePassword(check.user, newPassword);
  if (!updated) throw new DomainError("unauthorized", "Your password was changed elsewhere meanwhile. Sign in again.");
  logFor("auth").info({ userId: user.id }, "password changed");
  return updated;
}
