import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
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
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** A role change ends the user's sessions (they sign in again with the new role). */
export async function setUserRole(userId: string, role: UserRole, database: Database = db()): Promise<void> {
  await database.update(users).set({ role, sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
}

/** A new password ends the user's sessions: a session stolen with the old one stops working. */
export async function setUserPassword(userId: string, password: string, database: Database = db()): Promise<void> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  await database.update(users).set({ passwordHash, sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
}
