import { z } from "zod";
import { twilioPay } from "@/lib/http/contracts/twilio";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { handleTwilioPay } from "@/lib/ivr/twilio";

export const dynamic = "force-dynamic";

// POST /api/v1/ivr/twilio: Twilio <Pay>'s Generic Pay Connector (charge | tokenize), HTTP Basic with
// an IVR key as the password. Answers {charge_id|token_id, error_code, error_message}.
export const POST = route({ auth: "ivr", body: z.record(z.string(), z.unknown()), errors: twilioPay }, async ({ body, ivr }) =>
  json(await handleTwilioPay(body, ivr)),
);
