import { ORDER_STATUSES, type OrderStatus } from "@/db/schema";

export { ORDER_STATUSES };
export type { OrderStatus };

/**
 * The order state machine, the one table every status change is checked against. Webhooks arrive
 * late, twice or out of order, so an order never moves backwards (a late `processing` or
 * `payment_failed` never overwrites `paid`), with one exception that keeps money from being
 * ignored: a payment that succeeded on Stripe makes its order paid even if the order had been
 * canceled meanwhile (the history records why).
 *
 *   pending ──▶ paid ──▶ partially_refunded ──▶ refunded
 *      │  ▲     ▲  │                              ▲
 *      ▼  │     │  └──────────────────────────────┘ (one refund of the whole)
 *    failed ────┘
 *      │
 *      └──▶ canceled (from pending or failed; a late success still leads to paid)
 *
 * Refunds only ever add up (lib/refunds): a late event about an earlier, smaller refund total
 * never moves `refunded` back to `partially_refunded`.
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "failed", "canceled"],
  failed: ["paid", "canceled"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
  canceled: ["paid"],
};

/** Orders a shopper can still pay: they hold a payable PaymentIntent. */
export const OPEN_STATUSES: readonly OrderStatus[] = ["pending", "failed"];
/** Orders whose money has arrived (a refund keeps them settled). */
export const SETTLED_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded"];
/** Orders an operator may refund (some of the money is still kept). */
export const REFUNDABLE_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded"];

export const isOpen = (status: OrderStatus): boolean => OPEN_STATUSES.includes(status);
export const isSettled = (status: OrderStatus): boolean => SETTLED_STATUSES.includes(status);
export const isRefundable = (status: OrderStatus): boolean => REFUNDABLE_STATUSES.includes(status);

/** May an order in `from` move to `to`? Staying put is always allowed (a repeat is a no-op). */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/**
 * How "Your orders" shows an order: money that arrived is an order (`placed`); an attempt that can
 * still be paid (awaiting payment, or declined and left) is `unfinished`, listed apart as not
 * completed; one closed without payment (its cart changed, or it was abandoned) is not shown.
 */
export function shopperListing(status: OrderStatus): "placed" | "unfinished" | "hidden" {
  if (isSettled(status)) return "placed";
  return isOpen(status) ? "unfinished" : "hidden";
}
