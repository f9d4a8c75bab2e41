/**
 * The Next.js server that `npm start` and `npm run dev` run (spawned by scripts/run.ts): Next's
 * own request handler behind a guard that refuses, with a 4xx, what Next would answer with a 500
 * (lib/http/request-guard.ts). Stops cleanly on SIGTERM/SIGINT.
 */
import http from "node:http";
import next from "next";
import { refuseUnservableRequest } from "../lib/http/request-guard";

const dev = process.argv[2] === "dev";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";

async function main() {
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    const refusal = refuseUnservableRequest(req.method, req.url);
    if (refusal) {
      res.writeHead(refusal.status, { "Content-Type": "application/json", "Cache-Control": "no-store", Connection: "close", ...refusal.headers });
      res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  console.log(`✓ Ready on http://localhost:${port} (${dev ? "development" : "production"})`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
