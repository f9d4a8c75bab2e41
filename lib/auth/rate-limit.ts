import { and, desc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { db } from "@/lib/db";
import { normalizeEmail } from "./users";

/**
 * Sign-in rate limits, persisted in login_attempts so they survive restarts and hold across app
 * instances. Failures are counted in a sliding window: per account (reset by a successful sign-in)
 * and per client IP (not reset: one good account must not unlock guessing at others).
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
/** Attempts older than this are deleted as new ones are recorded. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

export type LoginSubject = { email: string; ip?: string | null };
export type LoginGate = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

const emailKey = (email: string) => `email:${normalizeEmail(email)}`;
const ipKey = (ip: string) => `ip:${ip}`;

export function rateLimitMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** When the key's failures drop below `limit` again (null: not blocked). */
async function blockedUntil(database: Database, key: string, limit: number, now: Date, resetOnSuccess: boolean): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
  let since = windowStart;
  if (resetOnSuccess) {
    const [lastSuccess] = await database
      .select({ at: loginAttempts.createdAt })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), eq(loginAttempts.succeeded, true), gt(loginAttempts.createdAt, windowStart)))
      .orderBy(desc(loginAttempts.createdAt))
      .limit(1);
    if (lastSuccess && lastSuccess.at > since) since = lastSuccess.at;
  }
  const failures = await database
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(limit);
  if (failures.length < limit) return null;
  // The block lifts when the oldest of the last `limit` failures leaves the window.
  return new Date(failures[limit - 1].at.getTime() + LOGIN_WINDOW_MS);
}

/** May this email (from this IP) try to sign in now? Records nothing. */
export async function checkLoginAllowed(subject: LoginSubject, now = new Date(), database: Database = db()): Promise<LoginGate> {
  const candidates = await Promise.all([
    blockedUntil(database, emailKey(subject.email), MAX_FAILURES_PER_EMAIL, now, true),
    subject.ip ? blockedUntil(database, ipKey(subject.ip), MAX_FAILURES_PER_IP, now, false) : Promise.resolve(null),
  ]);
  const until = candidates.filter((d): d is Date => d !== null && d > now).sort((a, b) => b.getTime() - a.getTime())[0];
  if (!until) return { allowed: true };
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return { allowed: false, retryAfterSeconds, message: rateLimitMessage(retryAfterSeconds) };
}

/** Remember one attempt for the email and, when known, the IP. */
export async function recordLoginAttempt(
  subject: LoginSubject & { succeeded: boolean },
  now = new Date(),
  database: Database = db(),
): Promise<void> {
  const keys = [emailKey(subject.email), ...(subject.ip ? [ipKey(subject.ip)] : [])];
  await database.insert(loginAttempts).values(keys.map((key) => ({ key, succeeded: subject.succeeded, createdAt: now })));
  const cutoff = new Date(now.getTime() - RETENTION_MS);
  await database.delete(loginAttempts).where(and(inArray(loginAttempts.key, keys), lt(loginAttempts.createdAt, cutoff)));
}
