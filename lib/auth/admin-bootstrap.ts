import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, type User } from "@/db/schema";
import { databaseHandle, db } from "@/lib/db";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { createUser, findUserByEmail, setUserPassword, setUserRole } from "./users";

export const DEFAULT_ADMIN_EMAIL = "admin@cashline.local";

/** A password for humans to copy once: 20 url-safe characters (~120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

export type AdminResult = { user: User; created: boolean; generatedPassword?: string };

/**
 * Make `email` an admin: create the account (with `password`, or a generated one that is returned
 * so the caller can show it once) or promote the existing one, setting its password if given.
 */
export async function createAdminUser(
  input: { email: string; password?: string; name?: string },
  database: Database = db(),
): Promise<AdminResult> {
  const existing = await findUserByEmail(input.email, database);
  if (existing) {
    if (existing.role !== "admin") await setUserRole(existing.id, "admin", database);
    if (input.password) await setUserPassword(existing.id, input.password, database);
    return { user: { ...existing, role: "admin" }, created: false };
  }
  const generatedPassword = input.password ? undefined : generatePassword();
  const user = await createUser(
    { email: input.email, name: input.name ?? "Administrator", password: input.password ?? generatedPassword!, role: "admin" },
    database,
  );
  return { user, created: true, generatedPassword };
}

/**
 * First boot: when no admin exists, create one from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * admin@cashline.local with a random password printed once (there is no fixed default).
 */
export async function ensureAdminUser(
  options: { email?: string; password?: string; log?: (line: string) => void } = {},
  database: Database = db(),
): Promise<AdminResult | null> {
  const [anyAdmin] = await database.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  if (anyAdmin) return null;
  const result = await createAdminUser({ email: options.email ?? DEFAULT_ADMIN_EMAIL, password: options.password }, database);
  const log = options.log ?? ((line: string) => logFor("admin").info(line));
  if (result.generatedPassword) {
    log(
      [
        "",
        "  Admin account created (shown once, keep it somewhere safe):",
        `    email:    ${result.user.email}`,
        `    password: ${result.generatedPassword}`,
        "  Change it with `npm run admin:create -- --email <email> --password <new>`.",
        "",
      ].join("\n"),
    );
  } else {
    log(`Admin account ready: ${result.user.email}`);
  }
  return result;
}

/** bootApp's step: in embedded mode (PGlite) make sure an admin exists. Servers use admin:create. */
export async function bootstrapEmbeddedAdmin(): Promise<void> {
  if (databaseHandle().target.kind !== "pglite") return;
  const config = env();
  await ensureAdminUser({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
}
