import type { IvrTransaction } from "@/db/schema";
import type { IvrKeySummary } from "./keys";
import { MAX_FAILED_ATTEMPTS } from "./transactions";

/** The API shape of an IVR transaction (snake_case, minor units; the card as brand and last four only). */
export function toIvrTransactionDto(t: IvrTransaction) {
  return {
    trans_id: t.transId,
    status: t.status,
    amount: t.amount,
    currency: t.currency,
    description: t.description,
    order_id: t.orderId,
    attempts: t.attempts,
    failed_attempts: t.failedAttempts,
    attempts_left: t.status === "succeeded" ? 0 : Math.max(0, MAX_FAILED_ATTEMPTS - t.failedAttempts),
    last_error: t.lastError,
    payment_intent: t.paymentIntentId,
    card: t.cardLast4 ? { brand: t.cardBrand, last4: t.cardLast4, exp_month: t.cardExpMonth, exp_year: t.cardExpYear } : null,
    expires_at: t.expiresAt.toISOString(),
    succeeded_at: t.succeededAt?.toISOString() ?? null,
    created_at: t.createdAt.toISOString(),
  };
}

/** The API shape of an IVR key: never the key itself, which is shown once at creation. */
export function toIvrKeyDto(k: IvrKeySummary) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}
