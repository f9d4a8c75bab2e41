import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { desc, eq, isNull, and } from "drizzle-orm";
import { ivrKeys, type IvrKey } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";

/**
 * IVR API keys: `ivr_<8 lookup chars>_<43 secret chars>` (32 random bytes). Only the lookup
 * prefix and an HMAC-SHA256 of the whole key under a pepper derived from AUTH_SECRET are stored.
 *
 * Why not argon2: a password needs a slow hash because people choose guessable ones; these keys
 * carry 256 random bits, so no offline guessing can succeed whatever the hash, and a slow hash
 * would cost ~50 ms of CPU on every phone call, an easy way to exhaust the server. The pepper
 * means a leaked table alone cannot even confirm a key.
 */
export const IVR_KEY_PREFIX = "ivr_";
const KEY_PATTERN = /^ivr_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

function pepper(): Buffer {
  return createHmac("sha256", env().authSecret).update("cashline ivr keys").digest();
}

function hashKey(key: string): string {
  return createHmac("sha256", pepper()).update(key).digest("hex");
}

function lookupChars(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  return Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");
}

export type IvrKeySummary = Pick<IvrKey, "id" | "name" | "prefix" | "createdAt" | "lastUsedAt" | "revokedAt">;

const summary = (k: IvrKey): IvrKeySummary => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt });

/** A new key: the row, and the key itself, which is never shown again. */
export async function createIvrKey(input: { name: string; createdBy?: string | null }): Promise<{ key: string; record: IvrKeySummary }> {
  const name = input.name.trim();
  if (!name) throw new DomainError("invalid_request", "A key needs a name", { name: ["is required"] });
  const lookup = lookupChars();
  const key = `${IVR_KEY_PREFIX}${lookup}_${randomBytes(32).toString("base64url")}`;
  const [row] = await db()
    .insert(ivrKeys)
    .values({ name: name.slice(0, 100), prefix: `${IVR_KEY_PREFIX}${lookup}`, hash: hashKey(key), createdBy: input.createdBy ?? null })
    .returning();
  return { key, record: summary(row) };
}

export async function listIvrKeys(): Promise<IvrKeySummary[]> {
  return (await db().select().from(ivrKeys).orderBy(desc(ivrKeys.createdAt))).map(summary);
}

/** Revoke a key: calls with it get 401 from now on. Unknown id → not_found. */
export async function revokeIvrKey(id: string): Promise<IvrKeySummary> {
  const [row] = await db()
    .update(ivrKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(ivrKeys.id, id), isNull(ivrKeys.revokedAt)))
    .returning();
  if (row) return summary(row);
  const [existing] = await db().select().from(ivrKeys).where(eq(ivrKeys.id, id)).limit(1);
  if (!existing) throw new DomainError("not_found", "No such IVR key");
  return summary(existing);
}

/** The live key this string is, or null (malformed, unknown, wrong secret, revoked). */
export async function verifyIvrKey(key: string): Promise<IvrKeySummary | null> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const [row] = await db().select().from(ivrKeys).where(eq(ivrKeys.prefix, `${IVR_KEY_PREFIX}${match[1]}`)).limit(1);
  if (!row || row.revokedAt) return null;
  const given = Buffer.from(hashKey(key), "hex");
  const stored = Buffer.from(row.hash, "hex");
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
  await db().update(ivrKeys).set({ lastUsedAt: new Date() }).where(eq(ivrKeys.id, row.id));
  return summary(row);
}
