/**
 * The one place that reads a Stripe error (as Medusa's handleStripeError does):
 * - `card`: the card or bank refused (402 card_error): tell the payer, count it as a decline;
 * - `invalid_request`: we sent something Stripe refuses (e.g. an unknown payment method);
 * - `not_found`: the object does not exist (404 resource_missing);
 * - `transient`: network, rate limit, Stripe's own 5xx, a keyed request still in flight: retry
 *   later with the same idempotency key;
 * - `other`: authentication, permissions, anything else: a bug or a misconfiguration.
 * Errors are recognised by the SDK's `type` (its class name), so it works whichever copy of the
 * SDK threw them. Anything that is not a Stripe error gives null.
 */
export type StripeFailure =
  | { kind: "card"; message: string; declineCode: string | undefined; code: string | undefined }
  | { kind: "invalid_request"; message: string; param: string | undefined; code: string | undefined }
  | { kind: "not_found"; message: string; param: string | undefined }
  | { kind: "transient"; message: string }
  | { kind: "other"; message: string };

type SdkError = { type?: unknown; message?: string; statusCode?: number; code?: string; decline_code?: string; param?: string };

const TRANSIENT_TYPES = new Set(["StripeConnectionError", "StripeRateLimitError", "StripeAPIError"]);

export function classifyStripeError(err: unknown): StripeFailure | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as SdkError;
  if (typeof e.type !== "string" || !e.type.startsWith("Stripe")) return null;
  const message = e.message ?? "Stripe refused the request.";
  if (e.type === "StripeCardError") return { kind: "card", message, declineCode: e.decline_code, code: e.code };
  if (TRANSIENT_TYPES.has(e.type) || (e.type === "StripeIdempotencyError" && e.statusCode === 409) || (e.statusCode ?? 0) >= 500) {
    return { kind: "transient", message };
  }
  if (e.statusCode === 404 || e.code === "resource_missing") return { kind: "not_found", message, param: e.param };
  if (e.type === "StripeInvalidRequestError") return { kind: "invalid_request", message, param: e.param, code: e.code };
  return { kind: "other", message };
}
