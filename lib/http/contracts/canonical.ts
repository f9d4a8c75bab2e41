import type { DomainError } from "@/lib/errors";
import { domainErrorResponse } from "../errors";
import type { ErrorContract } from "./index";

/** The canonical API's one error shape: {"error": {"code", "message", "fields"?}}. */
export type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

export function canonicalErrorBody(err: DomainError): ApiErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
}

export const canonical: ErrorContract = {
  name: "canonical",
  respond: (err) => domainErrorResponse(err, canonicalErrorBody(err)),
};
