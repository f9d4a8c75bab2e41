import { randomUUID } from "node:crypto";
import { z } from "zod";
import { and, desc, eq, gte, inArray, like, lt, lte, sql, type SQL } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { likeLiteral } from "@/db/like";
import { db } from "@/lib/db";
import { logFor } from "@/lib/log";
import { maskForAudit } from "./mask";

export { maskForAudit } from "./mask";

/**
 * The audit log (table `audit_log`, owned here): one row per state-changing API request (and per
 * IVR call), with its bodies masked by maskForAudit before they are stored. Written by the
 * route() hook in lib/http/audit.ts; read by GET /api/v1/admin/audit; purged after
 * AUDIT_RETENTION_DAYS by the "audit-retention" job (lib/jobs/worker.ts).
 */

export type AuditEntryInput = {
  at?: Date;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientIp: string | null;
  userId?: string | null;
  keyId?: string | null;
  requestId: string;
  /** Parsed request body (JSON or form fields), masked here before it is stored. */
  requestBody?: unknown;
  /** Parsed response body, masked here before it is stored. */
  responseBody?: unknown;
};

export type AuditEntry = {
  id: number;
  at: Date;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientIp: string | null;
  userId: string | null;
  keyId: string | null;
  requestId: string;
  requestBody: unknown;
  responseBody: unknown;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: string | null | undefined) => (v && UUID.test(v) ? v : null);
const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/**
 * Store one entry, masked. Never throws: a failed write (database down, table gone) is logged as
 * its name, message and code, and the request it describes is answered as if nothing happened.
 * Resolves true when the row was written.
 */
export async function recordAudit(entry: AuditEntryInput): Promise<boolean> {
  try {
    const path = clip(String(maskForAudit(entry.path)), 2048);
    await db()
      .insert(auditLog)
      .values({
        at: entry.at ?? new Date(),
        method: clip(entry.method.toUpperCase(), 16),
        path,
        status: entry.status,
        durationMs: Math.max(0, Math.round(entry.durationMs)),
        clientIp: entry.clientIp ? clip(entry.clientIp, 64) : null,
        userId: uuidOrNull(entry.userId),
        keyId: uuidOrNull(entry.keyId),
        requestId: clip(entry.requestId, 64),
        requestBody: entry.requestBody === undefined ? null : maskForAudit(entry.requestBody),
        responseBody: entry.responseBody === undefined ? null : maskForAudit(entry.responseBody),
      });
    return true;
  } catch (err) {
    logFor("audit").error(
      { err, method: entry.method, path: entry.path, status: entry.status, requestId: entry.requestId },
      "audit entry could not be written",
    );
    return false;
  }
}

/**
 * An operator's action in the admin area (a role change, a deactivation, a product edit, a
 * canceled subscription, a resent email), from a page or from the admin API alike: one row with
 * method "ADMIN", the path of what was acted on (e.g. "/admin/users/<id>", so its detail page
 * lists its own history with `listAudit({ path })`), the acting admin and what was done.
 */
export async function recordAdminAction(entry: { actor: { id: string } | null; target: string; action: string; details?: Record<string, unknown> }): Promise<boolean> {
  return recordAudit({
    method: "ADMIN",
    path: entry.target,
    status: 200,
    durationMs: 0,
    clientIp: null,
    userId: entry.actor?.id ?? null,
    requestId: `admin-${randomUUID()}`,
    requestBody: { action: entry.action, ...entry.details },
  });
}

/** The admin actions recorded on `target` (recordAdminAction), newest first, with who did each (one query). */
export async function adminActionsOn(target: string, limit = 50): Promise<{ id: number; at: Date; action: string; actorId: string | null; details: Record<string, unknown> }[]> {
  const rows = await db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.method, "ADMIN"), eq(auditLog.path, target)))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => {
    const { action, ...details } = (r.requestBody ?? {}) as { action?: string } & Record<string, unknown>;
    return { id: r.id, at: r.at, action: action ?? "?", actorId: r.userId, details };
  });
}

export type AuditFilter = {
  /** Path prefix, e.g. "/api/v1/cart". */
  path?: string;
  /** An exact status (402) or a class ("4xx"). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  since?: Date;
  /** Keyset cursor: entries with a smaller id than this (the previous page's next_cursor). */
  cursor?: number;
  limit?: number;
};

export const AUDIT_PAGE_MAX = 200;
export const AUDIT_PAGE_DEFAULT = 50;


/** Masked entries, newest first (by id), one page at a time; `nextCursor` is null on the last page. */
export async function listAudit(filter: AuditFilter = {}): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(filter.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
  const where: SQL[] = [];
  if (filter.path) where.push(like(auditLog.path, `${likeLiteral(filter.path)}%`));
  if (typeof filter.status === "number") where.push(sql`${auditLog.status} = ${filter.status}`);
  else if (typeof filter.status === "string") {
    const base = Number(filter.status[0]) * 100;
    where.push(gte(auditLog.status, base), lte(auditLog.status, base + 99));
  }
  if (filter.since) where.push(gte(auditLog.at, filter.since));
  if (filter.cursor !== undefined) where.push(lt(auditLog.id, filter.cursor));
  const rows = await db()
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { entries: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/**
 * Delete entries older than `olderThanDays`, a batch at a time (no long lock on a large table).
 * Returns how many were deleted.
 */
export async function purgeAudit(olderThanDays: number, now = new Date(), batch = 5000): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanDays * 24 * 60 * 60 * 1000);
  let total = 0;
  for (;;) {
    const old = db().select({ id: auditLog.id }).from(auditLog).where(lt(auditLog.at, cutoff)).limit(batch);
    const deleted = await db().delete(auditLog).where(inArray(auditLog.id, old)).returning({ id: auditLog.id });
    total += deleted.length;
    if (deleted.length < batch) break;
  }
  if (total) logFor("audit").info({ deleted: total, olderThanDays }, "audit entries purged");
  return total;
}

/** The audit log's filters as they arrive in a query string (the admin API and the admin page). */
export const auditQuerySchema = z
  .object({
    path: z.string().startsWith("/", "must start with /").max(2048).optional(),
    status: z
      .string()
      .regex(/^[1-5](\d\d|xx)$/i, "must be a status code such as 402 or a class such as 4xx")
      .transform((v) => (/x/i.test(v) ? (`${v[0]}xx` as AuditFilter["status"]) : Number(v)))
      .optional(),
    since: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z" }).transform((v) => new Date(v)).optional(),
    cursor: z.string().regex(/^[1-9]\d{0,15}$/, "must be the next_cursor of a previous page").transform(Number).optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  })
  .strict();
