import type { User } from "@/db/schema";
import { DomainError, RateLimitedError } from "@/lib/errors";
import { tryPasswordCheckSlot } from "./password-slots";
import { checkLoginAllowed, recordFailedSignIn, recordSuccessfulSignIn } from "./rate-limit";
import { issueTokenPair, type TokenPair } from "./tokens";
import { verifyCredentials } from "./users";

/** One message for a wrong password and an unknown email alike. */
export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";
export const BUSY_MESSAGE = "Too many sign-in attempts at once. Try again in a moment.";

export type PasswordSignIn =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials"; message: string }
  | { ok: false; reason: "rate_limited"; message: string; retryAfterSeconds: number };

/**
 * The one sign-in check behind the login page, Auth.js's Credentials provider and the token
 * endpoints. It runs in one of a few slots per client (lib/auth/password-slots.ts), taken before
 * any work so that a flood is refused at once; then the throttles (lib/auth/rate-limit.ts), then
 * the password. Failures and successes are recorded.
 */
export async function signInWithPassword(input: { email: string; password: string; ip?: string | null }): Promise<PasswordSignIn> {
  const subject = { email: input.email, ip: input.ip ?? null };
  const busy = { ok: false, reason: "rate_limited", message: BUSY_MESSAGE, retryAfterSeconds: 1 } as const;
  let release = tryPasswordCheckSlot(subject.ip);
  if (!release) return busy;
  try {
    const gate = await checkLoginAllowed(subject);
    if (!gate.allowed) return { ok: false, reason: "rate_limited", message: gate.message, retryAfterSeconds: gate.retryAfterSeconds };
    if (gate.delayMs > 0) {
      // A slowed account waits without holding a slot, which is for work.
      release();
      await new Promise((resolve) => setTimeout(resolve, gate.delayMs));
      release = tryPasswordCheckSlot(subject.ip);
      if (!release) return busy;
    }
    const user = await verifyCredentials(input.email, input.password);
    if (!user) {
      await recordFailedSignIn(subject);
      return { ok: false, reason: "invalid_credentials", message: INVALID_CREDENTIALS_MESSAGE };
    }
    await recordSuccessfulSignIn(subject);
    return { ok: true, user };
  } finally {
    release?.();
  }
}

/** signInWithPassword for the canonical API: the user, or invalid_credentials / rate_limited. */
export async function authenticateWithPassword(input: { email: string; password: string; ip?: string | null }): Promise<User> {
  const result = await signInWithPassword(input);
  if (result.ok) return result.user;
  if (result.reason === "rate_limited") throw new RateLimitedError(result.message, result.retryAfterSeconds);
  throw new DomainError("invalid_credentials", result.message);
}

/** POST /api/v1/auth/token and the seeds' token endpoints: check the password, issue tokens. */
export async function obtainTokenPair(input: { email: string; password: string; ip?: string | null }): Promise<TokenPair & { user: User }> {
  const user = await authenticateWithPassword(input);
  return { ...(await issueTokenPair(user)), user };
}
