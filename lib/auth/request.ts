import { DomainError } from "@/lib/errors";
import { verifyAccessToken } from "./tokens";
import { toSessionUser, type SessionUser } from "./types";
import { getUserById, isActiveUser } from "./users";

export type { SessionUser };

/** The token of `Authorization: Bearer <t>` or seed 001/002's `Authorization: JWT <t>`. */
export function bearerToken(req: Request): string | null | undefined {
  const header = req.headers.get("authorization");
  if (!header) return undefined;
  const match = /^(Bearer|JWT)\s+(\S+)\s*$/i.exec(header.trim());
  return match ? match[2] : null;
}

/**
 * Who sent this API request: an access token in the Authorization header, else the Auth.js
 * session cookie. A header that is present but bad (expired, tampered, a refresh token, another
 * scheme) gives null: it never falls back to the cookie.
 */
export async function authenticateRequest(req: Request): Promise<SessionUser | null> {
  const token = bearerToken(req);
  if (token === undefined) {
    // No cookie, no session: API clients skip Auth.js altogether.
    if (!req.headers.get("cookie")) return null;
    // Loaded on demand: the session path pulls in Auth.js and next/headers.
    const { getSessionUser } = await import("./session");
    return getSessionUser();
  }
  if (token === null) return null;
  let userId: string;
  try {
    userId = await verifyAccessToken(token);
  } catch {
    return null;
  }
  const user = await getUserById(userId);
  // A deactivated account's tokens are refused at once (its refresh tokens were revoked too).
  return user && isActiveUser(user) ? toSessionUser(user) : null;
}

/** The authenticated user, or unauthorized. */
export async function requireUser(req: Request): Promise<SessionUser> {
  const user = await authenticateRequest(req);
  if (!user) throw new DomainError("unauthorized", "Sign in or send a valid access token (Authorization: Bearer <token>).");
  return user;
}

/** An authenticated admin: unauthorized for nobody, forbidden for a signed-in non-admin. */
export async function requireAdmin(req: Request): Promise<SessionUser> {
  const user = await requireUser(req);
  if (user.role !== "admin") throw new DomainError("forbidden", "This needs the admin role.");
  return user;
}
