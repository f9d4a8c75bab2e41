/**
 * The contract between scripts/server.ts (the HTTP server in front of Next) and
 * lib/auth/client-ip.ts: the header that carries `<token> <socket address>`, and the globalThis
 * key under which the server keeps its process token. Dependency-free: the server loads it before
 * Next.
 */
export const PEER_HEADER = "x-cashline-peer";
export const PEER_TOKEN_KEY = "__cashlinePeerToken";
