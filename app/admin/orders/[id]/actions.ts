"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit";
import { adminRefundFormSchema } from "@/lib/http/contracts/admin";
import { formAction } from "@/lib/http/action";
import { formatMoney } from "@/lib/money";
import { createRefund } from "@/lib/refunds";

/** The refund form: the admin role is checked here (formAction), every time; the refund is audited. */
export const refundOrderAction = formAction({ input: adminRefundFormSchema, echo: ["amount", "reason"], auth: "admin" }, async (input, { user }) => {
  const started = Date.now();
  const { refund, replayed } = await createRefund({ orderId: input.order_id, amount: input.amount, reason: input.reason, idempotencyKey: input.idempotency_key, adminId: user!.id });
  await recordAudit({
    method: "POST",
    path: `/admin/orders/${input.order_id}#refund`,
    status: replayed ? 200 : 201,
    durationMs: Date.now() - started,
    clientIp: null,
    userId: user!.id,
    requestId: randomUUID(),
    requestBody: { amount: input.amount, reason: input.reason, idempotency_key: input.idempotency_key },
    responseBody: { refund_id: refund.id, status: refund.status, stripe_refund_id: refund.stripeRefundId },
  });
  revalidatePath(`/admin/orders/${input.order_id}`);
  const money = formatMoney(refund.amount, refund.currency);
  return { values: {}, data: { message: replayed ? `This refund of ${money} was already made (${refund.status}).` : `Refunded ${money} (${refund.status}).` } };
});
