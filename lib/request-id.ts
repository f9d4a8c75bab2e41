/**
 * A request's id: the caller's (or proxy's) X-Request-Id when it is sane, else a new one. Free of
 * Node-only imports, so proxy.ts (pages) and lib/log.ts (route handlers, logs) share the rule.
 */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : globalThis.crypto.randomUUID();
}
