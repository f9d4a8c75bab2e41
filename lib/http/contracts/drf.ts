import { CardDeclinedError, type DomainError } from "@/lib/errors";
import { domainErrorResponse } from "../errors";
import type { ErrorContract } from "./index";

/**
 * Django REST framework's error shapes, which the older services' clients parse (seed 001's
 * token endpoints and seed 002's order service):
 * - a field problem: {"<field>": ["This field is required."]};
 * - anything else: {"detail": "..."} (an unreadable body, auth, a 429 with Retry-After);
 * - a declined card: {"detail": "<Stripe's message>", "code": "<decline code>"}.
 */
export const DRF_NOT_AUTHENTICATED = "Authentication credentials were not provided.";

export function drfErrorBody(err: DomainError): Record<string, string[] | string> {
  const fieldNames = Object.keys(err.fields ?? {}).filter((k) => k !== "body" && k !== "content-type");
  if (fieldNames.length === 0) return { detail: err.message };
  return Object.fromEntries(fieldNames.map((k) => [k, err.fields![k]]));
}

export const drf: ErrorContract = {
  name: "drf",
  respond(err) {
    if (err.code === "unauthorized") return domainErrorResponse(err, { detail: DRF_NOT_AUTHENTICATED });
    if (err instanceof CardDeclinedError) return domainErrorResponse(err, { detail: err.message, code: err.declineCode ?? err.code });
    return domainErrorResponse(err, drfErrorBody(err));
  },
};
