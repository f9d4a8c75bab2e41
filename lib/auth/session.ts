import { auth } from "@/auth";
import { toSessionUser, type SessionUser } from "./types";
import { getUserById } from "./users";

export type { SessionUser };

/**
 * The user behind the Auth.js session cookie of the current request, or null. Re-read from the
 * database so a deleted account or a changed role takes effect at once, not when the JWT expires.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(id);
  return user ? toSessionUser(user) : null;
}
