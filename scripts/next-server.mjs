// @ts-check
/**
 * The HTTP server in front of Next's request handler (started by scripts/run.ts for `npm run dev`
 * and `npm start`): `node scripts/next-server.mjs dev|start <port>`.
 *
 * It exists for one reason: to hand the app the socket address of each request, which Next does
 * not expose and which a client cannot forge (Next keeps a client-sent X-Forwarded-For as is).
 * Any incoming copy of the internal header is replaced by `<token> <socket address>`; the token is
 * a random value of this process, kept on globalThis, so lib/auth/client-ip.ts ignores a header
 * that did not come from here. Plain JavaScript: Next loads in a process without TypeScript hooks,
 * as under `next start`.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";

const PEER_HEADER = "x-cashline-peer"; // lib/auth/client-ip.ts PEER_HEADER
const mode = process.argv[2];
const port = Number(process.argv[3]);
if ((mode !== "dev" && mode !== "start") || !Number.isInteger(port)) {
  console.error("usage: node scripts/next-server.mjs dev|start <port>");
  process.exit(2);
}
const dev = mode === "dev";
// Before Next loads: it reads NODE_ENV at import.
process.env.NODE_ENV ??= dev ? "development" : "production";

const token = randomUUID();
Object.defineProperty(globalThis, "__cashlinePeerToken", { value: token, writable: false, enumerable: false });

const { default: next } = await import("next");
const app = next({ dev, dir: process.cwd(), port });
const handle = app.getRequestHandler();
await app.prepare();

/** @param {http.IncomingMessage} req */
function setPeerHeader(req) {
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i].toLowerCase() === PEER_HEADER) req.rawHeaders.splice(i, 2);
  }
  req.headers[PEER_HEADER] = `${token} ${req.socket.remoteAddress ?? ""}`;
}

const server = http.createServer((req, res) => {
  setPeerHeader(req);
  handle(req, res).catch((err) => {
    console.error("[server]", err);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
if (dev) {
  // Hot reloading talks over WebSocket upgrades.
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => upgrade(req, socket, head));
}
server.listen(port, () => console.log(`Cashline ${dev ? "development" : "production"} server on http://localhost:${port}`));

const stop = () => {
  server.close();
  server.closeIdleConnections();
  Promise.resolve(app.close?.())
    .catch(() => {})
    .finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
