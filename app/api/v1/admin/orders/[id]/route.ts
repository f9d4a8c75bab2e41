import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { getOrder, toOrderDto } from "@/lib/orders";
import { listRefundsForOrder, refundableAmount, toRefundDto } from "@/lib/refunds";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/orders/{id}: the order with its items, refunds and what is left to refund. Admins only.
export const GET = route({ auth: "admin" }, async ({ params }) => {
  const order = await getOrder(params.id);
  if (!order) throw new DomainError("not_found", "Order not found");
  const [refunds, refundable] = await Promise.all([listRefundsForOrder(order.id), refundableAmount(order)]);
  return json({
    data: { ...toOrderDto(order), source: order.source, user_id: order.userId, refundable_amount: refundable, refunds: refunds.map(toRefundDto) },
  });
});
