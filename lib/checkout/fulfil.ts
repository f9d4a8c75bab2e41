import type Stripe from "stripe";
import type { PaymentReviewReason } from "@/db/schema";
import { clearCartIfVersion, lockCartRow } from "@/lib/cart";
import { db } from "@/lib/db";
import { enqueueOrderEmail, schedulePaymentFailedEmail } from "@/lib/email";
import { applyIvrPaymentIntent } from "@/lib/ivr/transactions";
import { logFor } from "@/lib/log";
import {
  flagPayment,
  getOrder,
  getOrderByPaymentIntent,
  markOrderPaid,
  orderReference,
  overlappingPaidOrdersOfCart,
  recordPaymentFailure,
  retakeReleasedStock,
  setOrderPayment,
  transitionOrder,
  type OrderWithItems,
} from "@/lib/orders";

/**
 * Apply what a PaymentIntent says to its order. The one place that does it, for the webhook
 * jobs, the confirmation page, checkout and the reconciliation job alike; every step is guarded,
 * so racing callers, a duplicate event or an out-of-order one produce a single effect.
 *
 * A PaymentIntent that succeeded is never ignored: it makes its order paid whatever the order's
 * state, and money that cannot simply be booked (a second payment for one cart, a sum other than
 * the order's, no order to book it on) is flagged for an operator.
 */
export async function applyPaymentIntent(pi: Stripe.PaymentIntent): Promise<OrderWithItems | null> {
  if (pi.metadata?.ivr_trans_id) {
    // A phone payment: the IVR bridge books it (on its transaction, and its order if it has one).
    await applyIvrPaymentIntent(pi);
    return pi.metadata.order_id ? getOrder(pi.metadata.order_id) : null;
  }
  let order = (pi.metadata?.order_id ? await getOrder(pi.metadata.order_id) : null) ?? (await getOrderByPaymentIntent(pi.id));
  const flag = (reason: PaymentReviewReason, detail: string, orderId = order?.id ?? null) =>
    pi.status === "succeeded" ? flagPayment({ orderId, paymentIntentId: pi.id, reason, detail, amount: pi.amount, currency: pi.currency }) : null;

  if (!order) {
    // Only Cashline's checkout intents name an order; others (subscriptions, the IVR) are not orders.
    if (pi.metadata?.order_id) await flag("order_missing", `PaymentIntent names order ${pi.metadata.order_id}, which does not exist`);
    return null;
  }
  if (order.paymentIntentId !== pi.id) {
    if (order.paymentIntentId !== null) {
      await flag("intent_mismatch", `Order ${orderReference(order.number)} is paid through ${order.paymentIntentId}, not this PaymentIntent`);
      return order;
    }
    // The intent was created but the process stopped before recording it: adopt it once.
    await setOrderPayment(order.id, { paymentIntentId: pi.id });
    order = await getOrder(order.id);
    if (order?.paymentIntentId !== pi.id) return order;
  }
  if (pi.amount !== order.amountTotal || pi.currency !== order.currency) {
    // Never mark an order paid for a different sum than the server computed.
    logFor("checkout").error({ paymentIntent: pi.id, amount: pi.amount, currency: pi.currency, orderId: order.id }, "PaymentIntent amount does not match its order");
    await flag("amount_mismatch", `Paid ${pi.amount} ${pi.currency}; order ${orderReference(order.number)} is ${order.amountTotal} ${order.currency}`);
    return order;
  }

  switch (pi.status) {
    case "succeeded": {
      const current = order;
      const paid = await db().transaction(async (tx) => {
        // Under the cart's lock, so two payments of one cart are booked one after the other and
        // the second sees the first.
        if (current.cartId) await lockCartRow(current.cartId, tx);
        const reason = current.status === "canceled" ? "payment succeeded after the order was canceled" : "payment succeeded";
        const row = await markOrderPaid(current.id, reason, tx);
        if (row && current.cartId) {
          const [earlier] = await overlappingPaidOrdersOfCart(current, tx);
          if (earlier) {
            await flagPayment(
              {
                orderId: current.id,
                paymentIntentId: pi.id,
                reason: "duplicate_payment",
                detail: `The same cart was already paid by order ${orderReference(earlier.number)}; refund one of them if the shopper meant to pay once`,
                amount: pi.amount,
                currency: pi.currency,
              },
              tx,
            );
          }
          // A late success after the order was canceled: its stock went back, so take it again;
          // the sale stands even if another buyer got it meanwhile, and an operator is told.
          const short = await retakeReleasedStock(current.id, tx);
          if (short.length) {
            await flagPayment(
              {
                orderId: current.id,
                paymentIntentId: pi.id,
                reason: "stock_short",
                detail: `Paid after it was canceled, and its stock was sold meanwhile: ${short.map((s) => `${s.name} (${s.wanted} wanted, ${s.stock} on hand)`).join(", ")}`,
                amount: pi.amount,
                currency: pi.currency,
              },
              tx,
            );
          }
          // Paid and emptied together: nobody sees a paid order with its cart still full.
          if (current.cartVersion) await clearCartIfVersion(current.cartId, current.cartVersion, tx);
        }
        return row;
      });
      // Enqueued again on a repeat too (keyed, and the email is stored once): a crash between the
      // payment and this line must not lose the receipt.
      if (paid || current.status === "paid") await enqueueOrderEmail("receipt", current.id, `receipt:${current.id}`);
      break;
    }
    case "requires_payment_method": {
      const error = pi.last_payment_error;
      if (!error) break; // fresh intent, nothing tried yet
      const failed = await recordPaymentFailure(order.id, error.message ?? "Your payment was declined.");
      if (failed) await schedulePaymentFailedEmail(order.id);
      break;
    }
    case "canceled":
      await transitionOrder(order.id, "canceled", { reason: `PaymentIntent canceled (${pi.cancellation_reason ?? "no reason given"})` });
      break;
    default:
      // processing, requires_action, requires_confirmation: nothing settled yet.
      break;
  }
  return getOrder(order.id);
}
