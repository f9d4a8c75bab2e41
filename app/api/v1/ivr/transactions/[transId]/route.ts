import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { toIvrTransactionDto } from "@/lib/ivr/dto";
import { cancelIvrTransaction, getIvrTransaction } from "@/lib/ivr/transactions";

export const dynamic = "force-dynamic";

// GET /api/v1/ivr/transactions/{trans_id}: its status, attempts and (once paid) the card's brand and last four.
export const GET = route({ auth: "ivr" }, async ({ params }) => {
  const row = await getIvrTransaction(params.transId);
  if (!row) throw new DomainError("not_found", "No such IVR transaction");
  return json({ data: toIvrTransactionDto(row) });
});

// DELETE /api/v1/ivr/transactions/{trans_id}: cancel one that is not paid.
export const DELETE = route({ auth: "ivr" }, async ({ params }) => json({ data: toIvrTransactionDto(await cancelIvrTransaction(params.transId)) }));
