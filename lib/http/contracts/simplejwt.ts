import type { ErrorContract } from "./index";
import { domainErrorResponse } from "../errors";
import { drfErrorBody } from "./drf";

/**
 * djangorestframework-simplejwt's answers, as seed 001's clients read them
 * (POST /api/token/obtain, POST /api/token/refresh):
 * - wrong credentials: 401 {"detail": "No active account found with the given credentials"};
 * - a bad refresh token: 401 {"detail": "Token is invalid or expired", "code": "token_not_valid"};
 * - field problems as DRF's, and a 429 {"detail"} with Retry-After.
 */
export const simplejwt: ErrorContract = {
  name: "simplejwt",
  respond(err) {
    if (err.code === "invalid_credentials") return domainErrorResponse(err, { detail: "No active account found with the given credentials" });
    if (err.code === "invalid_token") return domainErrorResponse(err, { detail: "Token is invalid or expired", code: "token_not_valid" });
    return domainErrorResponse(err, drfErrorBody(err));
  },
};
