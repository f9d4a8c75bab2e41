import { CardDeclinedError } from "@/lib/errors";
import { domainErrorResponse } from "../errors";
import { drf } from "./drf";
import type { ErrorContract } from "./index";

/**
 * Seed 001's subscription routes (`/api/subscriptions/subscribe`, `/api/subscriptions/status`):
 * - a card refused by Stripe: 400 {"message": "<Stripe's message>", "code": "<Stripe's code>"};
 * - bad or missing fields, an unknown product: 400 {"message": "<naming the fields>", "code"};
 * - already subscribed: 409 {"message", "code": "already_subscribed"};
 * - no subscription: 404 {"detail": "Not found."}; no token: 401 DRF's {"detail"}; a 429 {"detail"}.
 */
export const seed001Subscriptions: ErrorContract = {
  name: "seed-001-subscriptions",
  respond(err) {
    if (err instanceof CardDeclinedError) return domainErrorResponse(err, { message: err.message, code: err.stripeCode ?? err.declineCode ?? err.code }, 400);
    if (err.code === "not_found") return domainErrorResponse(err, { detail: "Not found." });
    if (err.code === "invalid_request" || err.code === "unknown_plan" || err.code === "malformed_json" || err.code === "malformed_form") {
      const named = Object.entries(err.fields ?? {}).filter(([k]) => k !== "body");
      const message = named.length ? named.map(([k, v]) => `${k}: ${v.join(" ")}`).join(" ") : err.message;
      return domainErrorResponse(err, { message, code: err.code }, err.code === "unknown_plan" || err.code === "invalid_request" ? 400 : undefined);
    }
    if (err.code === "already_subscribed" || err.code === "subscription_not_changeable") return domainErrorResponse(err, { message: err.message, code: err.code });
    return drf.respond(err);
  },
};
