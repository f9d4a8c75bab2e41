import { Limit, longestBlock, minutesText } from "@/lib/rate-limit";
import { normalizeEmail } from "./users";

/**
 * Sign-in throttling (on lib/rate-limit.ts, so it holds across app instances). Failures count in
 * 15-minute windows:
 * - per (account, client IP): 5, then that client waits; a success clears it. Someone elsewhere
 *   cannot lock the owner out: their guesses count against their own address.
 * - per client IP, across accounts: 20 (password spraying); a success does not clear it.
 * - per account, from everywhere (distributed guessing): from 10 on, every attempt on the account
 *   waits before its password is checked, doubling from 250 ms up to 5 s. It slows, never locks:
 *   the owner's right password still gets in.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_CLIENT = 5;
export const MAX_FAILURES_PER_IP = 20;
export const ACCOUNT_SLOWDOWN_AFTER = 10;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

const windowSeconds = LOGIN_WINDOW_MS / 1000;
const perClient = new Limit({ name: "login-client", points: MAX_FAILURES_PER_CLIENT, windowSeconds });
const perIp = new Limit({ name: "login-ip", points: MAX_FAILURES_PER_IP, windowSeconds });
// Never refuses; its count only sets the slowdown.
const perAccount = new Limit({ name: "login-account", points: Number.MAX_SAFE_INTEGER, windowSeconds });

export type LoginSubject = { email: string; ip?: string | null };
export type LoginGate = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number; message: string };

const accountKey = (subject: LoginSubject) => normalizeEmail(subject.email);
const clientKey = (subject: LoginSubject) => `${accountKey(subject)}|${subject.ip ?? "unknown"}`;

export function rateLimitMessage(retryAfterSeconds: number): string {
  return `Too many sign-in attempts. Try again in ${minutesText(retryAfterSeconds)}.`;
}

/** The wait before checking a password on an account with this many recent failures. */
export function accountDelayMs(failures: number): number {
  if (failures < ACCOUNT_SLOWDOWN_AFTER) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - ACCOUNT_SLOWDOWN_AFTER, 16));
}

/** May this client try this account now, and after how long a wait? Records nothing. */
export async function checkLoginAllowed(subject: LoginSubject): Promise<LoginGate> {
  const wait = await longestBlock([
    [perClient, clientKey(subject)],
    [perIp, subject.ip],
  ]);
  if (wait !== null) return { allowed: false, retryAfterSeconds: wait, message: rateLimitMessage(wait) };
  return { allowed: true, delayMs: accountDelayMs((await perAccount.state(accountKey(subject))).count) };
}

export async function recordFailedSignIn(subject: LoginSubject): Promise<void> {
  await Promise.all([
    perClient.record(clientKey(subject)),
    perAccount.record(accountKey(subject)),
    subject.ip ? perIp.record(subject.ip) : undefined,
  ]);
}

/** The owner got in from this client: its failures there are forgiven (not the IP's). */
export async function recordSuccessfulSignIn(subject: LoginSubject): Promise<void> {
  await perClient.reset(clientKey(subject));
}
