import { recordAudit } from "@/lib/audit";
import { clientIp } from "@/lib/auth/client-ip";
import { logFor, requestId } from "@/lib/log";
import { BodyError, parseForm, readLimitedBytes } from "./body";

/**
 * The audit hook every route handler passes through (route() in lib/http/route.ts, and
 * `audited()` for handlers route() does not wrap, such as Auth.js's): which requests it records
 * is the route's `audit` mode:
 * - `changes` (the default): POST, PUT, PATCH and DELETE;
 * - `always`: every method (the IVR routes);
 * - `refusals`: POST, PUT, PATCH and DELETE answered with a 4xx or 5xx (the Stripe webhook: an
 *   event it accepts is stored whole in webhook_events already, so a second copy per event would
 *   only double its intake's database work; a refused delivery, a bad signature say, is kept);
 * - `never`: nothing.
 *
 * Every answer carries its request id as `X-Request-Id`; an audited request's row records it. An audited request gets its request id (the caller's sane X-Request-Id, else a new one) back as
 * `X-Request-Id`. The row (lib/audit) is written after the answer is handed back, never in its
 * way: the bodies are read from clones of the request and response, and a failed write is logged,
 * never answered. `auditSettled()` waits for the writes under way (tests, shutdown).
 *
 * Bodies: JSON is stored parsed, forms as their text fields, both masked (lib/audit/mask.ts);
 * a body larger than AUDIT_BODY_BYTES, or of another type, is stored as a note of its size only
 * (a refused Stripe webhook delivery is JSON and usually a few KB: stored masked; an event carries
 * a card's brand, last four and expiry at most, and anything card-shaped is masked regardless); a
 * response that is not JSON is stored as null.
 */
export type AuditMode = "changes" | "always" | "refusals" | "never";

/** What a handler may add to its request's audit row: the user (route() fills it in) or a key id. */
export type AuditNote = { userId?: string | null; keyId?: string | null };

export const AUDIT_BODY_BYTES = 16 * 1024;

const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function audits(mode: AuditMode, method: string): boolean {
  return mode === "always" || ((mode === "changes" || mode === "refusals") && CHANGES.has(method.toUpperCase()));
}

const pending = new Set<Promise<void>>();

/** Resolves when every audit row started so far is written (or its failure logged). */
export async function auditSettled(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/**
 * Wrap `handler` with the audit hook. The handler gets the request's AuditNote to fill in; what
 * it answers is passed on unchanged but for the X-Request-Id header.
 */
export function withAudit<R extends Request, C>(
  mode: AuditMode,
  handler: (req: R, ctx: C, note: AuditNote) => Promise<Response>,
): (req: R, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const note: AuditNote = {};
    if (!audits(mode, req.method)) {
      const res = await handler(req, ctx, note);
      return withHeader(res, "X-Request-Id", res.headers.get("x-request-id") ?? requestId(req));
    }
    const started = performance.now();
    const id = requestId(req);
    // A body is copied for the row only when it is not declared large or chunked: cloning tees the
    // stream, and a huge chunked upload would then stay open behind the handler's 413 (the
    // handler's cancel no longer ends it). Those are noted instead.
    const declared = Number(req.headers.get("content-length") ?? 0);
    const chunked = /chunked/i.test(req.headers.get("transfer-encoding") ?? "");
    const tooBig = chunked || declared > AUDIT_BODY_BYTES;
    const requestCopy = tooBig ? null : cloneBody(req);
    const requestNote = tooBig ? { omitted: chunked ? "chunked request body, not kept" : `request body larger than ${AUDIT_BODY_BYTES} bytes` } : undefined;
    let res: Response;
    try {
      res = await handler(req, ctx, note);
    } catch (err) {
      track(write(req, id, 500, performance.now() - started, note, requestCopy, null, requestNote));
      throw err;
    }
    const durationMs = performance.now() - started;
    // A 500 answered by internalErrorResponse already carries the id its log line has.
    const rid = res.headers.get("x-request-id") ?? id;
    res = withHeader(res, "X-Request-Id", rid);
    if (mode === "refusals" && res.status < 400) {
      void requestCopy?.body?.cancel().catch(() => undefined);
      return res;
    }
    const responseCopy = isJson(res.headers.get("content-type")) ? cloneBody(res) : null;
    track(write(req, rid, res.status, durationMs, note, requestCopy, responseCopy, requestNote));
    return res;
  };
}

/** `handler` (one that route() does not wrap) with the audit hook, e.g. Auth.js's POST. */
export function audited<R extends Request, C>(handler: (req: R, ctx: C) => Promise<Response>, mode: AuditMode = "changes") {
  return withAudit<R, C>(mode, (req, ctx) => handler(req, ctx));
}

function track(p: Promise<void>): void {
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

async function write(
  req: Request,
  id: string,
  status: number,
  durationMs: number,
  note: AuditNote,
  requestCopy: Request | null,
  responseCopy: Response | null,
  requestNote?: unknown,
) {
  try {
    const [requestBody, responseBody] = await Promise.all([requestNote ?? capture(requestCopy, "request"), capture(responseCopy, "response")]);
    await recordAudit({
      method: req.method,
      path: pathOf(req),
      status,
      durationMs,
      clientIp: clientIp(req.headers),
      userId: note.userId,
      keyId: note.keyId,
      requestId: id,
      requestBody,
      responseBody,
    });
  } catch (err) {
    logFor("audit").error({ err, method: req.method, path: pathOf(req), status, requestId: id }, "audit entry could not be prepared");
  }
}

/** The path only: a query string may carry what no row should keep. */
function pathOf(req: Request): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return "(unparsable url)";
  }
}

function baseType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

function isJson(contentType: string | null): boolean {
  const type = baseType(contentType);
  return type === "application/json" || type.endsWith("+json");
}

function cloneBody<T extends Request | Response>(message: T): T | null {
  if (!message.body || message.bodyUsed) return null;
  try {
    return message.clone() as T;
  } catch {
    return null;
  }
}

/** A body as the audit row keeps it (before masking): parsed JSON, form fields, or a note of its size. */
async function capture(copy: Request | Response | null, side: "request" | "response"): Promise<unknown> {
  if (!copy) return undefined;
  const contentType = copy.headers.get("content-type");
  const type = baseType(contentType);
  let bytes: Buffer;
  try {
    bytes = await readLimitedBytes(copy, AUDIT_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyError) return { omitted: `${side} body larger than ${AUDIT_BODY_BYTES} bytes` };
    return { omitted: `${side} body could not be read` };
  }
  if (bytes.length === 0) return undefined;
  if (isJson(contentType) || (side === "request" && type === "")) {
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch {
      return { omitted: `${bytes.length} bytes, not valid JSON` };
    }
  }
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    try {
      return await parseForm(bytes, type, contentType!);
    } catch {
      return { omitted: `${bytes.length} bytes, not a valid form` };
    }
  }
  return side === "request" ? { omitted: `${bytes.length} bytes of ${type || "unknown type"}` } : undefined;
}

/** `res` with one header set; a response whose headers are immutable (a redirect) is copied. */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}
