/**
 * What the `/_emulator/*` helpers do (emulator/server.ts serves them): advance a subscription to
 * its next period (the only way renewals happen), finish a 3-D Secure challenge, make a saved
 * card fail its next charge.
 */
import { addInterval, cancelSubscription, createSubscriptionInvoice, invoiceAttemptFailed, invoicePaid, isEnded } from "../billing";
import { tryConfirm } from "../card-network";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { nowSeconds, type Obj } from "../store";

export { completeThreeDSecure, failNext, returnUrlOf, settleDue } from "../card-network";

/**
 * Next period: a new invoice charged off-session to the default payment method (the
 * subscription's, else the customer's). An `incomplete` subscription expires instead, and one
 * set to `cancel_at_period_end` is canceled.
 */
export function advanceSubscription(e: Engine, id: string): { subscription: Obj; invoice: Obj | null } {
  const sub = e.get(id, "subscription");
  if (isEnded(sub)) throw invalidRequest(`Subscription ${id} is ${sub.status} and cannot be advanced.`, undefined, "subscription_unexpected_state");
  if (sub.status === "incomplete") {
    expireIncomplete(e, sub);
    return { subscription: e.render(sub), invoice: null };
  }
  if (sub.cancel_at_period_end) {
    cancelSubscription(e, sub, "cancellation_requested");
    return { subscription: e.render(sub), invoice: null };
  }
  const first = sub.items.data[0];
  const start = first.current_period_end;
  const end = addInterval(start, first.price.recurring.interval, first.price.recurring.interval_count);
  const prevItems = structuredClone(sub.items);
  for (const si of sub.items.data) {
    si.current_period_start = start;
    si.current_period_end = end;
    e.store.set(si);
  }
  e.touch();
  e.emit("customer.subscription.updated", sub, { items: prevItems, latest_invoice: sub.latest_invoice });
  const { invoice, pi } = createSubscriptionInvoice(e, sub, "subscription_cycle", start, end);
  if (pi) {
    const pm = sub.default_payment_method ?? e.store.get(sub.customer)?.invoice_settings?.default_payment_method ?? null;
    if (pm) tryConfirm(e, pi, { offSession: true, paymentMethod: pm });
    else invoiceAttemptFailed(e, pi);
  } else {
    invoicePaid(e, invoice, null);
  }
  return { subscription: e.render(e.get(id, "subscription")), invoice: e.render(e.get(invoice.id, "invoice")) };
}

/** Stripe expires an unpaid first invoice after 23 hours: the subscription with it. */
function expireIncomplete(e: Engine, sub: Obj): void {
  const prevStatus = sub.status;
  sub.status = "incomplete_expired";
  sub.ended_at = nowSeconds();
  const latest = sub.latest_invoice ? e.store.get(sub.latest_invoice) : undefined;
  if (latest && latest.status === "open") {
    latest.status = "void";
    latest.status_transitions.voided_at = nowSeconds();
  }
  e.touch();
  e.emit("customer.subscription.updated", sub, { status: prevStatus });
}
