import type { OrderStatus } from "@/db/schema";

export type { OrderStatus };

/**
 * The order state machine, the one table every status change is checked against. Webhooks arrive
 * late, twice or out of order, so an order never moves backwards (a late `processing` or
 * `payment_failed` never overwrites `paid`), with one exception that keeps money from being
 * ignored: a payment that succeeded on Stripe makes its order paid even if the order had been
 * canceled meanwhile (the history records why).
 *
 *   pending ──▶ paid ──▶ refunded
 *      │  ▲     ▲  ▲
 *      ▼  │     │  │
 *    failed ────┘  │
 *      │           │
 *      └──▶ canceled (from pending or failed; a late success still leads to paid)
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "failed", "canceled"],
  failed: ["paid", "canceled"],
  paid: ["refunded"],
  refunded: [],
  canceled: ["paid"],
};

/** Orders a shopper can still pay: they hold a payable PaymentIntent. */
export const OPEN_STATUSES: readonly OrderStatus[] = ["pending", "failed"];
/** Orders whose money has arrived (a refund keeps them settled). */
export const SETTLED_STATUSES: readonly OrderStatus[] = ["paid", "refunded"];

export const isOpen = (status: OrderStatus): boolean => OPEN_STATUSES.includes(status);
export const isSettled = (status: OrderStatus): boolean => SETTLED_STATUSES.includes(status);

/** May an order in `from` move to `to`? Staying put is always allowed (a repeat is a no-op). */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}
