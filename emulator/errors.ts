/** Stripe's error JSON: `{ error: { type, code?, decline_code?, message, param?, payment_intent?, doc_url? } }`. */
export type StripeErrorType = "invalid_request_error" | "card_error" | "api_error" | "idempotency_error" | "authentication_error" | "rate_limit_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  payment_intent?: Record<string, unknown>;
  setup_intent?: Record<string, unknown>;
  payment_method?: Record<string, unknown>;
  charge?: string;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /** Validation failures happen before the endpoint "starts executing": Stripe does not save them for idempotent replay. */
  readonly noIdempotencySave: boolean;

  constructor(
    status: number,
    type: StripeErrorType,
    message: string,
    extra: Omit<StripeErrorBody, "type" | "message"> & { noIdempotencySave?: boolean } = {},
  ) {
    super(message);
    const { noIdempotencySave, ...rest } = extra;
    this.status = status;
    this.noIdempotencySave = noIdempotencySave ?? false;
    const body: StripeErrorBody = { type, message, ...rest };
    if (body.code && !body.doc_url) body.doc_url = `https://docs.stripe.com/error-codes/${body.code.replace(/_/g, "-")}`;
    this.body = body;
  }
}

/** `No such customer: 'cus_...'`: 404 for the object a path names, 400 for an id given in a parameter (as on Stripe). */
export function missing(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(param === "id" ? 404 : 400, "invalid_request_error", `No such ${kind}: '${id}'`, { code: "resource_missing", param });
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, { ...(param ? { param } : {}), ...(code ? { code } : {}) });
}
