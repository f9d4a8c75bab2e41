import { asc, eq, isNull } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { paymentReviews, type PaymentReview, type PaymentReviewReason } from "@/db/schema";
import { db } from "@/lib/db";

export type PaymentReviewInput = {
  orderId: string | null;
  paymentIntentId: string;
  reason: PaymentReviewReason;
  detail: string;
  amount: number;
  currency: string;
};

/**
 * Put a payment in front of an operator: money that arrived but cannot simply be booked (a second
 * paid order for one cart, a sum other than the order's, no order to book it on). Once per
 * (PaymentIntent, reason), so a redelivered event or the next reconciliation run adds nothing.
 * Returns true when the flag is new.
 */
export async function flagPayment(input: PaymentReviewInput, database: DbExecutor = db()): Promise<boolean> {
  const rows = await database
    .insert(paymentReviews)
    .values(input)
    .onConflictDoNothing({ target: [paymentReviews.paymentIntentId, paymentReviews.reason] })
    .returning({ id: paymentReviews.id });
  return rows.length === 1;
}

export async function listReviewsForOrder(orderId: string, database: DbExecutor = db()): Promise<PaymentReview[]> {
  return database.select().from(paymentReviews).where(eq(paymentReviews.orderId, orderId)).orderBy(asc(paymentReviews.createdAt));
}

/** Payments still waiting for an operator, oldest first (the admin area lists them). */
export async function listOpenPaymentReviews(limit = 100): Promise<PaymentReview[]> {
  return db().select().from(paymentReviews).where(isNull(paymentReviews.resolvedAt)).orderBy(asc(paymentReviews.createdAt)).limit(limit);
}
