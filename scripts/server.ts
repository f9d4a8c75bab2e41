/**
 * The HTTP server in front of Next's request handler that `npm start` and `npm run dev` run
 * (spawned by scripts/run.ts as `node --import tsx scripts/server.ts dev|start`). It does two
 * things Next cannot:
 * - refuses, with a 4xx, requests Next would answer with a 500 (lib/http/request-guard.ts);
 * - hands the app each request's socket address, which Next does not expose and a client cannot
 *   forge (Next keeps a client-sent X-Forwarded-For as it is): any incoming copy of PEER_HEADER is
 *   replaced by `<token> <socket address>`, the token a random value of this process kept on
 *   globalThis, so lib/auth/client-ip.ts ignores a header that did not come from here.
 * - sets every page's security headers and request id (lib/security-headers.ts; proxy.ts runs on
 *   the signed-in areas only);
 * - in production, answers cookieless visitors' public pages from a shared HTML cache, as a CDN in
 *   front of the shop would (lib/http/page-cache.ts), dropped on every catalog change.
 * Stops cleanly on SIGTERM/SIGINT.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { PEER_HEADER, PEER_TOKEN_KEY } from "../lib/auth/peer";
import { startPageCache } from "../lib/http/page-cache";
import { refuseUnservableRequest } from "../lib/http/request-guard";
import { requestIdFrom } from "../lib/request-id";
import { isPagePath, runtimeSecurityHeaders } from "../lib/security-headers";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: node --import tsx scripts/server.ts dev|start");
  process.exit(2);
}
const dev = mode === "dev";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";

const token = randomUUID();
Object.defineProperty(globalThis, PEER_TOKEN_KEY, { value: token, writable: false, enumerable: false });

function setPeerHeader(req: http.IncomingMessage): void {
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i].toLowerCase() === PEER_HEADER) req.rawHeaders.splice(i, 2);
  }
  req.headers[PEER_HEADER] = `${token} ${req.socket.remoteAddress ?? ""}`;
}

/** A page's headers, before Next or the page cache answers (Next keeps headers already set). */
function setPageHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!isPagePath((req.url ?? "/").split("?")[0])) return;
  for (const [name, value] of Object.entries(runtimeSecurityHeaders())) res.setHeader(name, value);
  const given = req.headers["x-request-id"];
  res.setHeader("X-Request-Id", requestIdFrom(new Headers(typeof given === "string" ? { "x-request-id": given } : {})));
}

async function main() {
  // Loaded after NODE_ENV is settled (scripts/run.ts sets it): Next reads it at import.
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Not in development: there a page changes with its code, which no tag follows.
  const pages = dev ? null : startPageCache();
  const server = http.createServer((req, res) => {
    const refusal = refuseUnservableRequest(req.method, req.url);
    if (refusal) {
      res.writeHead(refusal.status, { "Content-Type": "application/json", "Cache-Control": "no-store", Connection: "close", ...refusal.headers });
      res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    setPeerHeader(req);
    setPageHeaders(req, res);
    if (pages?.serve(req, res)) return;
    handle(req, res).catch((err: unknown) => {
      console.error("[server]", err instanceof Error ? err.message : err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  if (dev) {
    // Hot reloading talks over WebSocket upgrades.
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  console.log(`✓ Ready on http://localhost:${port} (${dev ? "development" : "production"})`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
