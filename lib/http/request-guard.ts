/**
 * Requests refused before they reach Next.js, which would answer them with a 500: TRACE (and
 * TRACK, CONNECT), methods that fetch's Request cannot even represent, and a path that is not
 * valid percent-encoded UTF-8 (`/products/%ff`), which Next's router fails to decode.
 */
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
export const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

export type RequestRefusal = { status: 400 | 405; code: string; message: string; headers: Record<string, string> };

export function refuseUnservableRequest(method: string | undefined, url: string | undefined): RequestRefusal | null {
  if (method && REFUSED_METHODS.has(method.toUpperCase())) {
    return { status: 405, code: "method_not_allowed", message: `${method} is not supported.`, headers: { Allow: ALLOWED_METHODS } };
  }
  const path = (url ?? "/").split("?")[0];
  try {
    decodeURIComponent(path);
  } catch {
    return { status: 400, code: "malformed_path", message: "The request path is not valid percent-encoded UTF-8.", headers: {} };
  }
  return null;
}
