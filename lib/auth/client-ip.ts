import { isIP } from "node:net";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { PEER_HEADER, PEER_TOKEN_KEY } from "./peer";
import { normalizeAddress, parseTrustedProxies, resolveClientIp, type TrustedProxies } from "./trusted-proxies";

export { parseTrustedProxies, resolveClientIp, type TrustedProxies };

/**
 * The client's IP address, the key of every per-client limit (and of the audit log).
 *
 * Next's server keeps a client-sent X-Forwarded-For as it is (it only fills the header in when it
 * is missing), so the app cannot tell a proxy's header from an attacker's. The socket address
 * comes instead from scripts/server.ts, the HTTP server in front of Next's handler: it
 * drops any incoming PEER_HEADER and sets its own, `<token> <socket address>`, where the token is
 * a random value of this process kept on globalThis. A header without that token (someone else's,
 * or `next start` run directly) is ignored.
 *
 * From the socket address, X-Forwarded-For is believed only as far as TRUSTED_PROXIES says:
 * - unset: nothing; the socket address is the client.
 * - a hop count N: N proxies stand in front; the client is the Nth address from the socket.
 * - a list of addresses or CIDRs (or proxy-addr's `loopback`, `linklocal`, `uniquelocal`): walk
 *   back from the socket while the address is one of those proxies.
 */
export { PEER_HEADER };
const TOKEN_KEY = PEER_TOKEN_KEY;

type PeerGlobal = typeof globalThis & { [PEER_TOKEN_KEY]?: string };

/** The socket address set by scripts/server.ts, or null when it did not set it. */
export function peerAddress(headers: Headers): string | null {
  const token = (globalThis as PeerGlobal)[TOKEN_KEY];
  const value = headers.get(PEER_HEADER);
  if (!token || !value) return null;
  const [given, address] = value.split(" ");
  return given === token && address && isIP(normalizeAddress(address)) ? address : null;
}

let trustedCache: { source: string | undefined; parsed: TrustedProxies } | undefined;

function trustedProxies(): TrustedProxies {
  const source = env().TRUSTED_PROXIES;
  if (!trustedCache || trustedCache.source !== source) trustedCache = { source, parsed: parseTrustedProxies(source) };
  return trustedCache.parsed;
}

let warned = false;

/** The client's IP for limits and logs; null when the app runs without its front server. */
export function clientIp(headers: Headers): string | null {
  const peer = peerAddress(headers);
  if (!peer) {
    if (!warned) {
      warned = true;
      logFor("client-ip").warn("no client address: start Cashline with `npm start` / `npm run dev` (scripts/server.ts), not `next start`");
    }
    return null;
  }
  return resolveClientIp(peer, headers.get("x-forwarded-for"), trustedProxies());
}

/**
 * The header value scripts/server.ts would set for a connection from `address` (for tests
 * that call route handlers directly; the server writes the same format).
 */
export function peerHeaderValue(address: string): string {
  const g = globalThis as PeerGlobal;
  g[TOKEN_KEY] ??= crypto.randomUUID();
  return `${g[TOKEN_KEY]} ${address}`;
}
