import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { db } from "@/lib/db";

/**
 * Server-side revocation of Auth.js sessions (which are JWTs): each carries users.session_version
 * as it was at sign-in, and a session whose version is no longer the user's is over. Kept apart
 * from users.ts so that the proxy, which checks it on /admin and /orders, loads no argon2.
 */
export const nextSessionVersion = sql`${users.sessionVersion} + 1`;

/** End every session of the user, everywhere (sign-out). */
export async function revokeSessions(userId: string, database: Database = db()): Promise<void> {
  if (!z.uuid().safeParse(userId).success) return;
  await database.update(users).set({ sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
}

/** Is a session issued at `sessionVersion` still live? (false: revoked, or no such user) */
export async function isSessionCurrent(userId: string, sessionVersion: number | undefined, database: Database = db()): Promise<boolean> {
  if (!z.uuid().safeParse(userId).success) return false;
  const [row] = await database.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row !== undefined && row.v === (sessionVersion ?? 0);
}
