import { z } from "zod";
import { seed000 } from "@/lib/http/contracts/seed-000";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { parseSeed000Body } from "@/lib/ivr/card";
import { payIvrTransaction } from "@/lib/ivr/transactions";

export const dynamic = "force-dynamic";

// Legacy IVR middleware (000): POST /api/payment/ {cc_num, cvv, exp_date (MMYY), trans_id} pays
// the pending IVR transaction `trans_id` by card, once → 200 {"transaction":"success",...}.
// Errors answer in the middleware's shapes (lib/http/contracts/seed-000.ts).
export const POST = route({ auth: "ivr", body: z.record(z.string(), z.unknown()), forms: true, errors: seed000 }, async ({ body, ivr }) => {
  const { card, transId } = parseSeed000Body(body);
  await payIvrTransaction(transId, card, ivr);
  return json({ transaction: "success", object: "payment_method", type: "card" });
});
