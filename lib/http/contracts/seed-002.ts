import type { ErrorContract } from "./index";
import { BodyError } from "../body";
import { domainErrorResponse } from "../errors";

/**
 * The legacy shop service (seed 002)'s two hand-written answers besides DRF's:
 *
 * `POST /api/api-token-auth/`: every refusal is {"detail": "authorization failure"}, 400, with
 * the missing fields alongside ({"detail": ..., "username": ["This field is required."]}); a 429
 * keeps its own message and Retry-After.
 *
 * `POST /api/signup/`: {"success": false, "error": "<the messages, space-separated>"}.
 */
export const AUTHORIZATION_FAILURE = "authorization failure";

export const seed002TokenAuth: ErrorContract = {
  name: "seed-002-token-auth",
  respond(err) {
    if (err.code === "rate_limited") return domainErrorResponse(err, { detail: err.message });
    if (err.code === "invalid_credentials") return domainErrorResponse(err, { detail: AUTHORIZATION_FAILURE }, 400);
    const fields = Object.fromEntries(Object.entries(err.fields ?? {}).filter(([k]) => k !== "body"));
    return domainErrorResponse(err, { detail: AUTHORIZATION_FAILURE, ...fields });
  },
};

export const seed002Signup: ErrorContract = {
  name: "seed-002-signup",
  respond(err) {
    // An unreadable or invalid body names each field's first problem; a refusal from the
    // account rules lists all of them. Both answer 400, except a body problem's own status
    // (413, 415) and a rate limit's 429.
    if (err instanceof BodyError) {
      const error = Object.entries(err.fields ?? {}).map(([k, v]) => (k === "body" ? err.message : v[0])).join(" ");
      return domainErrorResponse(err, { success: false, error });
    }
    const error = err.fields ? Object.values(err.fields).flat().join(" ") : err.message;
    return domainErrorResponse(err, { success: false, error }, err.code === "rate_limited" ? undefined : 400);
  },
};
