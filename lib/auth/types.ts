import type { User, UserRole } from "@/db/schema";

/** The signed-in user as the rest of the app sees it (never the password hash). */
export type SessionUser = { id: string; email: string; name: string | null; role: UserRole };

export function toSessionUser(user: Pick<User, "id" | "email" | "name" | "role">): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
