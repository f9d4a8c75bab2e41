import { randomInt } from "node:crypto";
import http from "node:http";

/**
 * HTTP calls from a chosen loopback address (127.0.0.0/8 all reaches this machine), so one test
 * can play several clients, or an attacker whose address nothing else in the suite shares.
 */
export type ClientResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

/** A loopback address of its own for one test (not 127.0.0.1, which the browser tests use). */
export function loopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export function callFrom(
  localAddress: string,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<ClientResponse> {
  const target = new URL(url);
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: opts.method ?? (body ? "POST" : "GET"),
        localAddress,
        agent: false,
        headers: { ...(body ? { "Content-Type": "application/json" } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** How many responses had each status, e.g. {"401": 20, "429": 80}. */
export function statusCounts(responses: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

export const randomIpv4 = () => `${randomInt(1, 224)}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
