import { ZodError } from "zod";
import { log, requestId, requestLogger } from "@/lib/log";

/** The one error shape of the canonical API: {"error": {"code", "message", "fields"?}}. */
export type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

/** A failure the caller can fix; thrown by lib/ code and turned into a 4xx by route handlers. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Refused by a rate limit (lib/rate-limit.ts): 429 with Retry-After on every route. */
export class RateLimitedError extends ApiError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(429, "rate_limited", message);
  }
}

/** The Retry-After header of a refusal, for routes that shape their own error bodies. */
export function retryAfterHeaders(err: RateLimitedError): Record<string, string> {
  return { "Retry-After": String(err.retryAfterSeconds) };
}

export function json(body: unknown, init?: number | ResponseInit): Response {
  const responseInit = typeof init === "number" ? { status: init } : init;
  return Response.json(body, { ...responseInit, headers: { "Cache-Control": "no-store", ...responseInit?.headers } });
}

export function errorResponse(status: number, code: string, message: string, fields?: Record<string, string[]>): Response {
  const body: ApiErrorBody = { error: { code, message, ...(fields ? { fields } : {}) } };
  return json(body, status);
}

/** Field errors keyed by dotted path, e.g. {"items.0.quantity": ["must be at least 1"]}. */
export function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Turn anything thrown by a handler into the canonical error shape; never leak internals. An
 * unexpected error is logged as its name, message and code only (see safeError in lib/log): never
 * the request body, SQL parameters or a raw Stripe response. The answer carries the request id
 * that the log line has, so the two can be matched.
 */
export function toErrorResponse(err: unknown, req?: Request): Response {
  if (err instanceof ApiError) {
    const res = errorResponse(err.status, err.code, err.message, err.fields);
    if (err instanceof RateLimitedError) res.headers.set("Retry-After", String(err.retryAfterSeconds));
    return res;
  }
  if (err instanceof ZodError) {
    const fields = zodFieldErrors(err);
    return errorResponse(400, "invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  }
  const id = req ? requestId(req) : undefined;
  (req ? requestLogger(req, id) : log).error({ err }, "unhandled API error");
  const res = errorResponse(500, "internal_error", "Something went wrong on our side.");
  if (id) res.headers.set("X-Request-Id", id);
  return res;
}

/** Wrap a route handler so every failure answers in the canonical shape. */
export function apiHandler<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      return toErrorResponse(err, args[0] instanceof Request ? args[0] : undefined);
    }
  };
}
