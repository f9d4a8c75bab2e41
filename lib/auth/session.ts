import { auth } from "./auth";
import { toSessionUser, type SessionUser } from "./types";
import { getUserById, isActiveUser } from "./users";

export type { SessionUser };

/**
 * The user behind the Auth.js session cookie of the current request, or null. Re-read from the
 * database so a deleted account, a changed role or a revoked session (sign-out elsewhere: the
 * JWT's session version is no longer the user's) takes effect at once, not when the JWT expires.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(id);
  if (!user || !isActiveUser(user) || user.sessionVersion !== (session.user.sessionVersion ?? 0)) return null;
  return toSessionUser(user);
}
