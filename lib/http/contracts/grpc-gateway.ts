import type { DomainError, ErrorCode } from "@/lib/errors";
import { domainErrorResponse } from "../errors";
import type { ErrorContract } from "./index";

/**
 * Seed 004's payments service was a grpc-gateway: its refusals are google.rpc.Status as JSON,
 * {"code": <gRPC code>, "message": "...", "details": []}, with the HTTP status grpc-gateway maps
 * the code to: 3 INVALID_ARGUMENT (400; the message names each field), 5 NOT_FOUND (404,
 * "not found"), 6 ALREADY_EXISTS (409), 16 UNAUTHENTICATED (401), 7 PERMISSION_DENIED (403),
 * 8 RESOURCE_EXHAUSTED (429, with Retry-After), 9 FAILED_PRECONDITION for the rest.
 */
export const GRPC_CODES = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

function grpcCode(code: ErrorCode): number {
  switch (code) {
    case "invalid_request":
    case "malformed_json":
    case "malformed_form":
    case "unsupported_media_type":
    case "payload_too_large":
    case "unknown_product":
      return GRPC_CODES.INVALID_ARGUMENT;
    case "not_found":
      return GRPC_CODES.NOT_FOUND;
    case "email_taken":
      return GRPC_CODES.ALREADY_EXISTS;
    case "unauthorized":
    case "invalid_token":
    case "invalid_credentials":
      return GRPC_CODES.UNAUTHENTICATED;
    case "forbidden":
    case "cross_origin_request":
      return GRPC_CODES.PERMISSION_DENIED;
    case "rate_limited":
      return GRPC_CODES.RESOURCE_EXHAUSTED;
    default:
      return GRPC_CODES.FAILED_PRECONDITION;
  }
}

export function grpcStatusBody(err: DomainError): { code: number; message: string; details: unknown[] } {
  const code = grpcCode(err.code);
  if (code === GRPC_CODES.NOT_FOUND) return { code, message: "not found", details: [] };
  const named = Object.entries(err.fields ?? {}).filter(([k]) => k !== "body");
  const message = named.length ? named.map(([k, v]) => `invalid ${k}: ${v.join(" ")}`).join("; ") : err.message;
  return { code, message, details: [] };
}

export const grpcGateway: ErrorContract = {
  name: "grpc-gateway",
  respond: (err) => domainErrorResponse(err, grpcStatusBody(err)),
};
