import { auditQuerySchema, listAudit } from "@/lib/audit";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/audit?path=&status=&since=&cursor=&limit=: the audit log's (masked) entries,
// newest first, a page at a time (pass next_cursor back as cursor). path is a prefix; status an
// exact code (402) or a class (4xx); since an ISO date-time. Admins only.
export const GET = route({ auth: "admin", query: auditQuerySchema }, async ({ query }) => {
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
