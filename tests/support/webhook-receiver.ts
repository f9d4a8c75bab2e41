import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  body: string;
  signature: string;
  status: number;
}

export type WebhookReceiver = { url: string; received: Received[]; close(): Promise<void> };

/**
 * A local HTTP server that stands where a webhook endpoint would, for the emulator to deliver
 * to over real HTTP. `respond` decides each answer's status (a rejection answers 500), from the
 * body, the Stripe-Signature header (null when absent) and how many deliveries came before;
 * every delivery is recorded with the status it got.
 */
export async function startWebhookReceiver(
  respond: (body: string, signature: string | null, index: number) => number | Promise<number> = () => 200,
): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let deliveries = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = (req.headers["stripe-signature"] as string | undefined) ?? null;
      const answer = (status: number) => {
        received.push({ body, signature: signature ?? "", status });
        res.writeHead(status, { "Content-Type": "text/plain" });
        res.end(status < 300 ? "ok" : "nope");
      };
      const index = deliveries++;
      let status: number | Promise<number>;
      try {
        status = respond(body, signature, index);
      } catch {
        status = 500;
      }
      if (typeof status === "number") answer(status);
      else status.then(answer, () => answer(500));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
