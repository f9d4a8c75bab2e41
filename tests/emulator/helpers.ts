/** Shared setup for the emulator conformance suite: a fresh emulator per file, driven by the official SDK. */
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/emulator/server";
import { eventually } from "../support/eventually";
import { startWebhookReceiver, type Received, type WebhookReceiver } from "../support/webhook-receiver";

export interface Harness {
  emulator: RunningEmulator;
  stripe: Stripe;
  /** A client with retries off, so error assertions see the first answer. */
  raw: Stripe;
  helper<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** The types of the (last 100) events about object `id`, oldest first. */
  eventTypesFor(id: string): Promise<string[]>;
}

/** What `POST /_emulator/subscriptions/:id/advance` answers. */
export type AdvanceResult = { subscription: Stripe.Subscription; invoice: Stripe.Invoice | null };

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
    async eventTypesFor(id: string): Promise<string[]> {
      const list = await stripe.events.list({ limit: 100 });
      return list.data.filter((e) => (e.data.object as { id?: string }).id === id).map((e) => e.type).reverse();
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

/** Poll until `check` returns a value, or fail after `timeoutMs` (the shared `eventually`, polling every 10 ms). */
export function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  return eventually(check, "waitFor", timeoutMs, 10);
}

export type { Received };

/** The shared webhook receiver (tests/support/webhook-receiver.ts); `respond` sees the body and how many deliveries came before. */
export function startReceiver(respond: (body: string, index: number) => number = () => 200): Promise<WebhookReceiver> {
  return startWebhookReceiver((body, _signature, index) => respond(body, index));
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
    eventTypesFor: (id) => started().eventTypesFor(id),
  };
}
