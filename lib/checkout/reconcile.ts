import type Stripe from "stripe";
import { getOrder, isSettled, settledPaymentIntentIds } from "@/lib/orders";
import { logFor } from "@/lib/log";
import { getStripe } from "@/lib/stripe/server";
import { applyPaymentIntent } from "./fulfil";

/** How far back each run looks: longer than any webhook retry schedule (Stripe retries for 3 days). */
export const RECONCILE_WINDOW_MS = 4 * 24 * 60 * 60 * 1000;

export type ReconcileReport = {
  /** Succeeded checkout PaymentIntents seen on Stripe in the window. */
  checked: number;
  /** Orders this run booked as paid (their webhook was lost or is still queued). */
  repaired: number;
  /** Succeeded payments that still have no paid order: each is flagged for an operator. */
  needsReview: number;
};

/**
 * Compare recent succeeded PaymentIntents on Stripe with the orders table and repair or flag every
 * mismatch, through the same applyPaymentIntent the webhooks use (so a run racing a webhook has a
 * single effect). Runs as a recurring job; safe to run at any time, as often as wanted.
 */
export async function reconcilePayments(opts: { since?: Date; now?: Date } = {}): Promise<ReconcileReport> {
  const since = opts.since ?? new Date((opts.now ?? new Date()).getTime() - RECONCILE_WINDOW_MS);
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const report: ReconcileReport = { checked: 0, repaired: 0, needsReview: 0 };

  let page: Stripe.PaymentIntent[] = [];
  const flush = async () => {
    const ids = page.map((pi) => pi.id);
    const settled = await settledPaymentIntentIds(ids);
    for (const pi of page) {
      report.checked++;
      if (settled.has(pi.id)) continue;
      const before = pi.metadata.order_id ? await getOrder(pi.metadata.order_id) : null;
      const after = await applyPaymentIntent(pi);
      if (after && isSettled(after.status)) {
        if (before?.status !== after.status) report.repaired++;
      } else {
        report.needsReview++;
      }
    }
    page = [];
  };

  // Newest first; stop at the window's edge even where the API ignores the `created` filter.
  for await (const pi of getStripe().paymentIntents.list({ created: { gte: sinceSeconds }, limit: 100 })) {
    if (pi.created < sinceSeconds) break;
    if (pi.status !== "succeeded" || !pi.metadata?.order_id) continue;
    page.push(pi);
    if (page.length === 100) await flush();
  }
  await flush();
  if (report.repaired || report.needsReview) {
    logFor("reconcile").warn(report, "payments reconciled with Stripe: orders repaired or flagged for review");
  }
  return report;
}
