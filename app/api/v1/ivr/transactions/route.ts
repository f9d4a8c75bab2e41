import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { toIvrTransactionDto } from "@/lib/ivr/dto";
import { createIvrTransaction, listIvrTransactions } from "@/lib/ivr/transactions";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const createSchema = z
  .object({
    amount: z.number().int().positive().optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO currency code").optional(),
    description: plainText().max(500).optional(),
    order_id: z.uuid({ error: "must be an order id" }).optional(),
    trans_id: plainText().max(64).optional(),
  })
  .strict();

// POST /api/v1/ivr/transactions {amount?, currency?, description?, order_id?, trans_id?} → a
// pending transaction for a phone system to pay (IVR key or admin).
export const POST = route({ auth: "ivr", body: createSchema }, async ({ body, ivr }) => {
  const created = await createIvrTransaction(
    { amount: body.amount, currency: body.currency, description: body.description, orderId: body.order_id, transId: body.trans_id },
    ivr,
  );
  return json({ data: toIvrTransactionDto(created) }, 201);
});

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), before: z.iso.datetime({ offset: true }).optional() });

// GET /api/v1/ivr/transactions?limit=&before=: newest first.
export const GET = route({ auth: "ivr", query: listQuery }, async ({ query }) => {
  const rows = await listIvrTransactions({ limit: query.limit, before: query.before ? new Date(query.before) : undefined });
  return json({ data: rows.map(toIvrTransactionDto) });
});
