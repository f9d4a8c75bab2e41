import type { OrderStatus } from "@/db/schema";

/**
 * The order state machine. Webhooks arrive late, twice or out of order, so every status change
 * goes through this guard: an order never moves backwards (a late `processing` or
 * `payment_failed` never overwrites `paid`).
 *
 *   pending ──▶ paid ──▶ refunded
 *      │  ▲      ▲
 *      ▼  │      │
 *    failed ─────┘          pending/failed ──▶ canceled
 *
 * `failed` → `pending` is allowed because a shopper may retry with another card.
 */
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "failed", "canceled"],
  failed: ["pending", "paid", "canceled"],
  paid: ["refunded"],
  refunded: [],
  canceled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** Statuses a transition to `to` may start from (for guarded UPDATE ... WHERE status IN (...)). */
export function statusesAllowingTransitionTo(to: OrderStatus): OrderStatus[] {
  return (Object.keys(ALLOWED) as OrderStatus[]).filter((from) => ALLOWED[from].includes(to));
}
