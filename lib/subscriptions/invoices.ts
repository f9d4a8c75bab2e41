import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { subscriptionInvoices, type SubscriptionRow } from "@/db/schema";
import { db } from "@/lib/db";
import { amountsByPeriod, type RevenuePoint, type RevenueRange } from "@/lib/stats/periods";

/**
 * Paid subscription invoices, the `subscription_invoices` table's one owner: a row per invoice
 * once `invoice.paid` is applied (a duplicate or replayed event adds nothing), so the dashboard
 * counts membership revenue with SQL rather than asking Stripe.
 */

/** Keep what `invoice.paid` says was paid for `row`'s subscription (idempotent per invoice). */
export async function recordPaidInvoice(invoice: Stripe.Invoice, row: Pick<SubscriptionRow, "id">, eventCreated: number): Promise<void> {
  if (!invoice.id || invoice.status !== "paid") return;
  const paidAt = invoice.status_transitions?.paid_at ?? eventCreated;
  await db()
    .insert(subscriptionInvoices)
    .values({
      stripeInvoiceId: invoice.id,
      subscriptionId: row.id,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      billingReason: invoice.billing_reason ?? null,
      paidAt: new Date(paidAt * 1000),
    })
    .onConflictDoNothing({ target: subscriptionInvoices.stripeInvoiceId });
}

/** Membership money per UTC day (30 days) or month (12 months), in `currency`. */
export function invoiceRevenueSeries(range: RevenueRange, currency: string, now = new Date()): Promise<RevenuePoint[]> {
  const t = subscriptionInvoices;
  return amountsByPeriod(range, now, ({ unit, from, until }) => sql`
    select date_trunc(${unit}, ${t.paidAt} at time zone 'UTC') as period, sum(${t.amountPaid}) as amount
    from ${t}
    where ${t.paidAt} >= ${from} and ${t.paidAt} < ${until} and ${t.currency} = ${currency}
    group by 1`);
}
