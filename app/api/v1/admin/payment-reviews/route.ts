import { apiHandler, json } from "@/lib/api/responses";
import { requireAdmin } from "@/lib/auth/request";
import { listOpenPaymentReviews } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/payment-reviews: payments an operator must look at (a second payment for one
// cart, a sum other than the order's, no order to book it on), oldest first. Admins only.
export const GET = apiHandler(async (req: Request) => {
  await requireAdmin(req);
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
