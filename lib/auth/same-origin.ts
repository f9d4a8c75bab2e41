import { DomainError } from "@/lib/errors";
import { env } from "@/lib/env";

/**
 * Route handlers that act on the session or cart cookie accept only same-origin requests.
 * SameSite=Lax cookies still ride along with requests from other origins of the same site
 * (another port, a sibling subdomain), so a page there could otherwise place orders or start
 * payments as the shopper. Server actions get the same protection from Next's own origin check.
 *
 * - A request with an Authorization header is a token client: the header is no ambient
 *   credential, and a browser page of another origin cannot add it without a CORS preflight,
 *   which Cashline never grants. Such requests pass.
 * - Sec-Fetch-Site, when the browser sends it, must be "same-origin" (or "none": typed by the user).
 * - Origin, when sent, must be APP_URL's origin or name the host the request was sent to (its
 *   Host header, as Next's server-action check does).
 * - Neither header (curl, server-to-server, the seeds' documented calls): not a browser, passes.
 */
export function crossOriginProblem(req: Request): DomainError | null {
  if (req.headers.has("authorization")) return null;
  const fetchSite = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const sameOrigin = (fetchSite === null || fetchSite === "same-origin" || fetchSite === "none") && (origin === null || isOwnOrigin(origin, req));
  if (sameOrigin) return null;
  return new DomainError(
    "cross_origin_request",
    "Cross-origin request refused: this call uses the site's cookies, so it must come from the site itself (or authenticate with an Authorization header).",
  );
}

/** Throws crossOriginProblem's refusal. */
export function assertSameOrigin(req: Request): void {
  const problem = crossOriginProblem(req);
  if (problem) throw problem;
}

function isOwnOrigin(origin: string, req: Request): boolean {
  if (origin === new URL(env().appUrl).origin) return true;
  try {
    return new URL(origin).host === req.headers.get("host");
  } catch {
    return false; // "null" and other opaque origins
  }
}
