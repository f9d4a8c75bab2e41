import { z } from "zod";
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, listAudit, type AuditFilter } from "@/lib/audit";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const querySchema = z
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

// GET /api/v1/admin/audit?path=&status=&since=&cursor=&limit=: the audit log's (masked) entries,
// newest first, a page at a time (pass next_cursor back as cursor). path is a prefix; status an
// exact code (402) or a class (4xx); since an ISO date-time. Admins only.
export const GET = route({ auth: "admin", query: querySchema }, async ({ query }) => {
  const { entries, nextCursor } = await listAudit(query);
  return json({
    data: entries.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      method: e.method,
      path: e.path,
      status: e.status,
      duration_ms: e.durationMs,
      client_ip: e.clientIp,
      user_id: e.userId,
      key_id: e.keyId,
      request_id: e.requestId,
      request_body: e.requestBody,
      response_body: e.responseBody,
    })),
    next_cursor: nextCursor === null ? null : String(nextCursor),
  });
});
