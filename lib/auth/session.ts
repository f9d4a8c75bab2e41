import { cookies } from "next/headers";
import { auth } from "./auth";
import { toSessionUser, type SessionUser } from "./types";
import { getUserById, isActiveUser } from "./users";

export type { SessionUser };

/** Auth.js's session cookie (JWT strategy): `__Secure-` over https, `.0`, `.1`… when chunked. */
const SESSION_COOKIE = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

/**
 * The user behind the Auth.js session cookie of the current request, or null. Re-read from the
 * database so a deleted account, a changed role or a revoked session (sign-out elsewhere: the
 * JWT's session version is no longer the user's) takes effect at once, not when the JWT expires.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  // A guest's request (no session cookie, chunked or not) has no session: Auth.js is not asked,
  // which spares every guest page and API call its request handling (issue 16's profile).
  if (!(await cookies()).getAll().some((c) => SESSION_COOKIE.test(c.name))) return null;
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(id);
  if (!user || !isActiveUser(user) || user.sessionVersion !== (session.user.sessionVersion ?? 0)) return null;
  return toSessionUser(user);
}
