import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listOpenPaymentReviews } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/payment-reviews: payments an operator must look at (a second payment for one
// cart, a sum other than the order's, no order to book it on), oldest first. Admins only.
export const GET = route({ auth: "admin" }, async () => {
  const reviews = await listOpenPaymentReviews(200);
  return json({
    data: reviews.map((r) => ({
      id: r.id,
      reason: r.reason,
      detail: r.detail,
      order_id: r.orderId,
      payment_intent: r.paymentIntentId,
      amount: r.amount,
      currency: r.currency,
      created_at: r.createdAt.toISOString(),
    })),
  });
});
