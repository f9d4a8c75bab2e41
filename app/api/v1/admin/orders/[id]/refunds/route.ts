import { adminRefundBodySchema } from "@/lib/http/contracts/admin";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { createRefund, toRefundDto } from "@/lib/refunds";

export const dynamic = "force-dynamic";

// POST /api/v1/admin/orders/{id}/refunds {amount?, reason?}: refund the order, in part (amount in
// minor units) or in full (amount left out: the whole refundable balance). Send an
// Idempotency-Key header to make retries safe: the same key answers the same refund (200), a new
// refund is 201. Over the balance → 400 naming amount with the remaining amount; an unpaid order
// → 400 order_not_refundable. Admins only; the caller is recorded on the refund and in the audit log.
export const POST = route({ auth: "admin", body: adminRefundBodySchema }, async ({ body, params, req, user }) => {
  const { refund, replayed } = await createRefund({
    orderId: params.id,
    amount: body.amount,
    reason: body.reason,
    idempotencyKey: req.headers.get("idempotency-key"),
    adminId: user.id,
  });
  return json({ data: toRefundDto(refund) }, replayed ? 200 : 201);
});
