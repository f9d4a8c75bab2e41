import { and, desc, eq, gte, ilike, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbExecutor } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { likeLiteral } from "@/db/like";
import { users, type User, type UserRole } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { db } from "@/lib/db";
import { burnPasswordCheck, hashPassword, passwordSchema, verifyPassword } from "./passwords";
import { plainText } from "@/lib/validation/text";
import { nextSessionVersion } from "./session-version";

export const emailSchema = plainText({ error: "Email is required." })
  .trim()
  .min(1, { error: "Email is required." })
  .max(254, { error: "Email is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }))
  .transform((e) => e.toLowerCase());

export const nameSchema = plainText()
  .trim()
  .max(100, { error: "Name must be at most 100 characters." })
  .transform((n) => (n === "" ? null : n));

export const newUserSchema = z.object({
  email: emailSchema,
  name: nameSchema.nullish().transform((n) => n ?? null),
  password: passwordSchema,
  role: z.enum(["customer", "admin"]).default("customer"),
});
export type NewUserInput = z.input<typeof newUserSchema>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EMAIL_TAKEN_MESSAGE = "An account with this email already exists.";

/**
 * Create an account. Email is stored lower-cased; a second account with the same email in any
 * case is refused with 409 (the unique index on lower(email) settles races).
 */
export async function createUser(input: NewUserInput, database: Database = db()): Promise<User> {
  const data = newUserSchema.parse(input);
  const existing = await findUserByEmail(data.email, database);
  if (existing) throw new DomainError("email_taken", EMAIL_TAKEN_MESSAGE, { email: [EMAIL_TAKEN_MESSAGE] });
  const passwordHash = await hashPassword(data.password);
  try {
    const [user] = await database
      .insert(users)
      .values({ email: data.email, name: data.name, passwordHash, role: data.role })
      .returning();
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("email_taken", EMAIL_TAKEN_MESSAGE, { email: [EMAIL_TAKEN_MESSAGE] });
    throw err;
  }
}

export async function findUserByEmail(email: string, database: Database = db()): Promise<User | null> {
  const [user] = await database
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`)
    .limit(1);
  return user ?? null;
}

export async function getUserById(id: string, database: Database = db()): Promise<User | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [user] = await database.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

/**
 * The user whose email and password match, or null. Unknown emails cost a dummy hash check, so a
 * wrong password and an unknown email look the same from outside (answer and timing).
 */
export async function verifyCredentials(email: string, password: string, database: Database = db()): Promise<User | null> {
  const user = await findUserByEmail(email, database);
  if (!user?.passwordHash || user.deactivatedAt) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** A deactivated account: no sign-in, no API token, no session (checked wherever a caller is identified). */
export function isActiveUser(user: Pick<User, "deactivatedAt">): boolean {
  return user.deactivatedAt === null;
}

/** A role change ends the user's sessions (they sign in again with the new role). */
export async function setUserRole(userId: string, role: UserRole, database: Database = db()): Promise<void> {
  await database.update(users).set({ role, sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------
// Administration (the admin pages and /api/v1/admin/users go through lib/admin/users.ts)
// ---------------------------------------------------------------------------------------------

export const LAST_ADMIN_MESSAGE = "This is the last active admin: make another user an admin first.";

/** An account made by an admin: with a password, or without one (the user sets it from a link). */
export async function insertUser(
  data: { email: string; name: string | null; role: UserRole; password?: string | null },
  database: Database = db(),
): Promise<User> {
  const email = emailSchema.parse(data.email);
  const passwordHash = data.password ? await hashPassword(passwordSchema.parse(data.password)) : null;
  try {
    const [user] = await database.insert(users).values({ email, name: data.name, passwordHash, role: data.role }).returning();
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("email_taken", EMAIL_TAKEN_MESSAGE, { email: [EMAIL_TAKEN_MESSAGE] });
    throw err;
  }
}

/**
 * Lock the active admins' rows (in id order) and then the user's; the user is read under the
 * lock. Every change that can take away an admin goes through here first.
 */
async function lockAdminsAnd(tx: DbExecutor, userId: string): Promise<{ admins: { id: string }[]; current: User }> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)))
    .orderBy(users.id)
    .for("update");
  const [current] = await tx.select().from(users).where(eq(users.id, userId)).limit(1).for("update");
  if (!current) throw new DomainError("not_found", "No such user");
  return { admins, current };
}

export type AccessChange = { role?: UserRole; active?: boolean };

/**
 * Change a user's role and/or whether the account is active. Either change ends the user's
 * sessions everywhere (session_version is bumped); deactivation keeps the row and its orders.
 *
 * The last active admin can never be demoted or deactivated. Race-safe: the active admins' rows
 * are locked (FOR UPDATE, in id order) before the count, so of two concurrent demotions of the
 * last two admins the second waits, re-reads the rows the first changed, and is refused.
 */
export async function changeUserAccess(userId: string, change: AccessChange, database: Database = db()): Promise<User> {
  if (!z.uuid().safeParse(userId).success) throw new DomainError("not_found", "No such user");
  return database.transaction(async (tx) => {
    const { admins, current } = await lockAdminsAnd(tx, userId);
    const losesAdmin = (change.role !== undefined && change.role !== "admin") || change.active === false;
    if (losesAdmin && admins.some((a) => a.id === userId) && admins.length <= 1) {
      const field = change.active === false ? "active" : "role";
      throw new DomainError("last_admin", LAST_ADMIN_MESSAGE, { [field]: [LAST_ADMIN_MESSAGE] });
    }
    const roleChanges = change.role !== undefined && change.role !== current.role;
    const activeChanges = change.active !== undefined && change.active !== isActiveUser(current);
    if (!roleChanges && !activeChanges) return current;
    const [updated] = await tx
      .update(users)
      .set({
        ...(roleChanges ? { role: change.role } : {}),
        ...(activeChanges ? { deactivatedAt: change.active ? null : new Date() } : {}),
        sessionVersion: nextSessionVersion,
      })
      .where(eq(users.id, userId))
      .returning();
    return updated;
  });
}

/**
 * Delete a user, inside `tx`, if `allowed(tx)` (the caller's check, e.g. "has no orders") still
 * holds with the user's row locked: an order being placed for the user holds a key-share lock on
 * that row, so the check and the delete cannot interleave with it.
 */
export async function deleteUserIf(userId: string, allowed: (tx: DbExecutor) => Promise<void>, database: Database = db()): Promise<User> {
  if (!z.uuid().safeParse(userId).success) throw new DomainError("not_found", "No such user");
  return database.transaction(async (tx) => {
    const { admins, current } = await lockAdminsAnd(tx, userId);
    if (admins.some((a) => a.id === userId) && admins.length <= 1) throw new DomainError("last_admin", LAST_ADMIN_MESSAGE);
    await allowed(tx);
    await tx.delete(users).where(eq(users.id, userId));
    return current;
  });
}

export const USERS_PAGE_MAX = 100;

/** Users newest first, a page at a time; `q` matches part of the email, case-insensitively. */
export async function listUsers(filter: { q?: string; cursor?: string; limit?: number } = {}): Promise<{ users: User[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), USERS_PAGE_MAX);
  const where: SQL[] = [];
  if (filter.q) where.push(ilike(users.email, `%${likeLiteral(filter.q.toLowerCase())}%`));
  if (filter.cursor) {
    // Keyset on (created_at, id), newest first; the cursor is the last row's id, and its
    // created_at is read in SQL (microseconds, which a JavaScript Date would round).
    if (!z.uuid().safeParse(filter.cursor).success) throw new DomainError("invalid_request", "Invalid cursor", { cursor: ["is not a cursor this list gave"] });
    where.push(sql`(${users.createdAt}, ${users.id}) < (select u.created_at, u.id from users u where u.id = ${filter.cursor})`);
  }
  const rows = await db()
    .select()
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { users: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** Accounts created since `since` (the dashboard's new customers): one count. */
export async function countUsersSince(since: Date): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(gte(users.createdAt, since), eq(users.role, "customer")));
  return row.n;
}

/** A new password ends the user's sessions: a session stolen with the old one stops working. */
export async function setUserPassword(userId: string, password: string, database: Database = db()): Promise<void> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  await database.update(users).set({ passwordHash, sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
}
