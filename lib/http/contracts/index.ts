import type { DomainError } from "@/lib/errors";

/**
 * How a family of routes answers a refused request. The canonical API has one; each older
 * service whose clients must keep working has its own, in one file of this folder.
 */
export type ErrorContract = {
  name: string;
  /** The answer to a domain error (input problems arrive as invalid_request & co. too). */
  respond(err: DomainError): Response;
};
