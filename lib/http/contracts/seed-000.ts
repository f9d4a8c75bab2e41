import { CardDeclinedError } from "@/lib/errors";
import { domainErrorResponse } from "../errors";
import { drf } from "./drf";
import type { ErrorContract } from "./index";

/**
 * The IVR middleware (seed 000)'s answers for `POST /api/payment/`:
 * - field problems as Django REST framework's serializer gave them: {"<field>": ["..."]}, 400;
 * - a card refused by Stripe: 400 {"error": "<code>"}, the decline code when Stripe gives one
 *   (insufficient_funds, lost_card…), else the error code (invalid_cvc, expired_card,
 *   incorrect_number…);
 * - a card that needs 3-D Secure: 400 {"error": "authentication_required"};
 * - no or bad credentials, a 429, an unreadable body: DRF's {"detail"} with its status.
 */
export const seed000: ErrorContract = {
  name: "seed-000",
  respond(err) {
    if (err instanceof CardDeclinedError) return domainErrorResponse(err, { error: err.declineCode ?? "card_declined" }, 400);
    if (err.code === "authentication_required") return domainErrorResponse(err, { error: "authentication_required" }, 400);
    return drf.respond(err);
  },
};
