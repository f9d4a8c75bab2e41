import type { ZodError } from "zod";

/**
 * Domain errors: what lib/ throws when a caller asked for something that cannot be done. They
 * carry a code (and per-field messages), never an HTTP status: lib/http/errors.ts maps each code
 * to a status for route handlers, and lib/http/action.ts turns them into form messages.
 */
export const ERROR_CODES = [
  // input
  "invalid_request",
  "malformed_json",
  "malformed_form",
  "unsupported_media_type",
  "payload_too_large",
  // who is asking
  "unauthorized",
  "invalid_token",
  "invalid_credentials",
  "forbidden",
  "cross_origin_request",
  "rate_limited",
  // accounts
  "email_taken",
  "last_admin",
  "user_has_orders",
  // catalog, cart, orders
  "not_found",
  "cart_not_found",
  "unknown_product",
  "out_of_stock",
  "cart_empty",
  "order_closed",
  "order_not_payable",
  // refunds
  "order_not_refundable",
  "refund_refused",
  "idempotency_key_reused",
  "stripe_unavailable",
  // payments
  "invalid_payment_method",
  "card_declined",
  "authentication_required",
  // subscriptions
  "unknown_plan",
  "already_subscribed",
  "subscription_not_changeable",
  // the IVR bridge
  "duplicate_trans_id",
  // webhooks
  "webhooks_not_configured",
  "missing_signature",
  "invalid_signature",
  "invalid_event",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

/** A failure the caller can fix or must be told about, by code. */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Refused by a rate limit (lib/rate-limit.ts): the caller may retry after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
    this.name = "RateLimitedError";
  }
}

export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}

/** A card refused by the network: Stripe's message, its decline code, and the order it left failed. */
export class CardDeclinedError<Order = unknown> extends DomainError {
  constructor(
    message: string,
    public readonly declineCode: string | undefined,
    public readonly order: Order | null,
    /** Stripe's error code (card_declined, expired_card, incorrect_cvc…), when known. */
    public readonly stripeCode?: string,
  ) {
    super("card_declined", message);
    this.name = "CardDeclinedError";
  }
}

/** A schema failure's messages keyed by dotted path, e.g. {"items.0.quantity": ["must be at least 1"]}. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
