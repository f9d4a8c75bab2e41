import type Stripe from "stripe";
import { clearCartIfVersion } from "@/lib/cart";
import { enqueueOrderEmail } from "@/lib/email";
import { and, eq, isNull } from "drizzle-orm";
import { orders } from "@/db/schema";
import { db } from "@/lib/db";
import { logFor } from "@/lib/log";
import {
  getOrder,
  getOrderByPaymentIntent,
  markOrderPaid,
  recordPaymentFailure,
  transitionOrder,
  type OrderWithItems,
} from "@/lib/orders";

/**
 * Apply what a PaymentIntent says to its order. The one place that does it, for the webhook
 * jobs and the confirmation page alike; every step is guarded, so the two racing, a duplicate
 * event or an out-of-order one produce a single effect.
 */
export async function applyPaymentIntent(pi: Stripe.PaymentIntent): Promise<OrderWithItems | null> {
  const order = (pi.metadata?.order_id ? await getOrder(pi.metadata.order_id) : null) ?? (await getOrderByPaymentIntent(pi.id));
  if (!order) return null;
  if (order.paymentIntentId !== pi.id) {
    // The intent was created but the process stopped before recording it: adopt it once.
    if (order.paymentIntentId !== null || !(await attachPaymentIntent(order.id, pi.id))) return null;
  }
  if (pi.amount !== order.amountTotal || pi.currency !== order.currency) {
    // Never mark an order paid for a different sum than the server computed.
    logFor("checkout").error({ paymentIntent: pi.id, amount: pi.amount, currency: pi.currency, orderId: order.id }, "PaymentIntent amount does not match its order");
    return order;
  }

  switch (pi.status) {
    case "succeeded": {
      // Paid and emptied together: nobody sees a paid order with its cart still full.
      const paid = await db().transaction(async (tx) => {
        const row = await markOrderPaid(order.id, tx);
        if (row && order.cartId && order.cartVersion) await clearCartIfVersion(order.cartId, order.cartVersion, tx);
        return row;
      });
      // Enqueued again on a repeat too (keyed, and the email is stored once): a crash between the
      // payment and this line must not lose the receipt.
      if (paid || order.status === "paid") await enqueueOrderEmail("receipt", order.id, `receipt:${order.id}`);
      break;
    }
    case "requires_payment_method": {
      const error = pi.last_payment_error;
      if (!error) break; // fresh intent, nothing tried yet
      const failed = await recordPaymentFailure(order.id, error.message ?? "Your payment was declined.");
      const attempt = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? `${error.code}:${error.payment_method?.id ?? ""}`);
      if (failed) await enqueueOrderEmail("payment_failed", order.id, `payment_failed:${pi.id}:${attempt}`);
      break;
    }
    case "canceled":
      await transitionOrder(order.id, "canceled");
      break;
    default:
      // processing, requires_action, requires_confirmation: nothing settled yet.
      break;
  }
  return getOrder(order.id);
}

async function attachPaymentIntent(orderId: string, paymentIntentId: string): Promise<boolean> {
  const rows = await db()
    .update(orders)
    .set({ paymentIntentId })
    .where(and(eq(orders.id, orderId), isNull(orders.paymentIntentId)))
    .returning({ id: orders.id });
  return rows.length === 1;
}
