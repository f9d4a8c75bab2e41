import type { User } from "@/db/schema";
import { ApiError } from "@/lib/api/responses";
import { checkLoginAllowed, recordLoginAttempt } from "./rate-limit";
import { issueTokenPair, type TokenPair } from "./tokens";
import { verifyCredentials } from "./users";

/** One message for a wrong password and an unknown email alike. */
export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";

export type PasswordSignIn =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials"; message: string }
  | { ok: false; reason: "rate_limited"; message: string; retryAfterSeconds: number };

/**
 * The one sign-in check behind the login page, Auth.js's Credentials provider and the token
 * endpoints: rate limits first, then the password; every attempt is recorded.
 */
export async function signInWithPassword(input: { email: string; password: string; ip?: string | null }): Promise<PasswordSignIn> {
  const subject = { email: input.email, ip: input.ip ?? null };
  const gate = await checkLoginAllowed(subject);
  if (!gate.allowed) return { ok: false, reason: "rate_limited", message: gate.message, retryAfterSeconds: gate.retryAfterSeconds };
  const user = await verifyCredentials(input.email, input.password);
  await recordLoginAttempt({ ...subject, succeeded: user !== null });
  if (!user) return { ok: false, reason: "invalid_credentials", message: INVALID_CREDENTIALS_MESSAGE };
  return { ok: true, user };
}

/** signInWithPassword for the canonical API: the user, or an ApiError (401 / 429). */
export async function authenticateWithPassword(input: { email: string; password: string; ip?: string | null }): Promise<User> {
  const result = await signInWithPassword(input);
  if (result.ok) return result.user;
  if (result.reason === "rate_limited") throw new RateLimitedError(result.message, result.retryAfterSeconds);
  throw new ApiError(401, "invalid_credentials", result.message);
}

export class RateLimitedError extends ApiError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(429, "rate_limited", message);
  }
}

/** POST /api/v1/auth/token and the seeds' token endpoints: check the password, issue tokens. */
export async function obtainTokenPair(input: { email: string; password: string; ip?: string | null }): Promise<TokenPair & { user: User }> {
  const user = await authenticateWithPassword(input);
  return { ...(await issueTokenPair(user)), user };
}
