/** Shared setup for the emulator conformance suite: a fresh emulator per file, driven by the official SDK. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/emulator/server";

export interface Harness {
  emulator: RunningEmulator;
  stripe: Stripe;
  /** A client with retries off, so error assertions see the first answer. */
  raw: Stripe;
  helper<T = unknown>(path: string, body?: unknown): Promise<T>;
}

export async function startHarness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, quiet: true, retryBaseMs: 20, ...opts });
  const config = { host: "127.0.0.1", port: emulator.port, protocol: "http" as const };
  const stripe = new Stripe("sk_test_conformance", { ...config, maxNetworkRetries: 2 });
  const raw = new Stripe("sk_test_conformance", { ...config, maxNetworkRetries: 0 });
  return {
    emulator,
    stripe,
    raw,
    async helper<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${emulator.url}${path}`, {
        method: body === undefined && path.includes("deliveries") ? "GET" : "POST",
        headers: { "Content-Type": "application/json" },
        body: body === undefined && path.includes("deliveries") ? undefined : JSON.stringify(body ?? {}),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw Object.assign(new Error(`helper ${path} → ${res.status}`), { status: res.status, body: json });
      return json;
    },
  };
}

/** Assert that a promise rejects, returning the Stripe error for further checks. */
export async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** Poll until `check` returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Received {
  body: string;
  signature: string;
  status: number;
}

/** A local HTTP server that records webhook deliveries; `respond` decides each answer's status. */
export async function startReceiver(respond: (body: string, index: number) => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const status = respond(body, received.length);
      received.push({ body, signature: String(req.headers["stripe-signature"] ?? ""), status });
      res.writeHead(status, { "Content-Type": "text/plain" });
      res.end(status < 300 ? "ok" : "nope");
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

export const futureYear = new Date().getUTCFullYear() + 3;

/** Server-side confirmations without return_url: automatic payment methods that never redirect. */
export const NO_REDIRECTS = { enabled: true, allow_redirects: "never" } as const;

/** A fresh emulator for the calling test file: started before its tests, closed after. */
export function useHarness(opts: EmulatorOptions = {}): Harness {
  let current: Harness | null = null;
  beforeAll(async () => {
    current = await startHarness(opts);
  });
  afterAll(async () => {
    await current?.emulator.close();
  });
  const started = () => {
    if (!current) throw new Error("the harness starts in beforeAll");
    return current;
  };
  return {
    get emulator() {
      return started().emulator;
    },
    get stripe() {
      return started().stripe;
    },
    get raw() {
      return started().raw;
    },
    helper: (path, body) => started().helper(path, body),
  };
}
