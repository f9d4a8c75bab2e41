import type { ZodError } from "zod";
import { DomainError, RateLimitedError, zodFieldErrors, type ErrorCode } from "@/lib/errors";
import { log, requestId, requestLogger } from "@/lib/log";
import { json } from "./responses";

/** The one table from domain error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  malformed_json: 400,
  malformed_form: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_token: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_origin_request: 403,
  rate_limited: 429,
  email_taken: 409,
  last_admin: 409,
  user_has_orders: 409,
  not_found: 404,
  cart_not_found: 404,
  unknown_product: 400,
  // More than the shop has: the request was fine, the stock is not there (as a taken email is 409).
  out_of_stock: 409,
  cart_empty: 400,
  order_closed: 409,
  order_not_payable: 409,
  // An unpaid (or fully refunded) order, as the issue asks: a 400 like any refused input.
  order_not_refundable: 400,
  refund_refused: 409,
  idempotency_key_reused: 409,
  stripe_unavailable: 503,
  invalid_payment_method: 400,
  card_declined: 402,
  authentication_required: 402,
  unknown_plan: 400,
  already_subscribed: 409,
  subscription_not_changeable: 409,
  duplicate_trans_id: 409,
  webhooks_not_configured: 503,
  missing_signature: 400,
  invalid_signature: 400,
  invalid_event: 400,
};

export function statusOf(err: DomainError): number {
  return STATUS_BY_CODE[err.code];
}

/** A schema failure as the domain error every contract shapes: 400 with each field named. */
export function invalidRequest(error: ZodError): DomainError {
  const fields = zodFieldErrors(error);
  return new DomainError("invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
}

/** The Retry-After header a rate-limit refusal carries on every route, whatever its body. */
export function retryAfterHeaders(err: RateLimitedError): Record<string, string> {
  return { "Retry-After": String(err.retryAfterSeconds) };
}

/** A domain error's answer in some contract's body shape: its status, and Retry-After on a 429. */
export function domainErrorResponse(err: DomainError, body: unknown, status = statusOf(err)): Response {
  return json(body, { status, headers: err instanceof RateLimitedError ? retryAfterHeaders(err) : {} });
}

/**
 * An unexpected failure: logged as its name, message and code only (see safeError in lib/log),
 * never the request body, SQL parameters or a raw Stripe response; answered with a 500 in the
 * canonical shape that carries the request id the log line has, so the two can be matched.
 */
export function internalErrorResponse(err: unknown, req?: Request): Response {
  const id = req ? requestId(req) : undefined;
  (req ? requestLogger(req, id) : log).error({ err }, "unhandled API error");
  const res = json({ error: { code: "internal_error", message: "Something went wrong on our side." } }, 500);
  if (id) res.headers.set("X-Request-Id", id);
  return res;
}
