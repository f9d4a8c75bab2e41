import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { signPayload } from "@/emulator/webhooks";
import { NO_REDIRECTS, startHarness, startReceiver, stripeError, waitFor, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

describe("events", () => {
  it("lists by type and retrieves events shaped like Stripe's", async () => {
    const customer = await h.stripe.customers.create({ email: "ev@example.com" }, { idempotencyKey: "ev-key-1" });
    const list = await h.stripe.events.list({ type: "customer.created", limit: 1 });
    const event = list.data[0];
    expect(event).toMatchObject({ object: "event", type: "customer.created", livemode: false, api_version: Stripe.API_VERSION });
    expect(event.id).toMatch(/^evt_/);
    expect(event.request).toEqual({ id: customer.lastResponse.requestId, idempotency_key: "ev-key-1" });
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    const fetched = await h.stripe.events.retrieve(event.id);
    expect(fetched.id).toBe(event.id);
    const updated = await h.stripe.customers.update(customer.id, { email: "ev2@example.com" });
    const upd = (await h.stripe.events.list({ type: "customer.updated", limit: 1 })).data[0];
    expect(upd.data.previous_attributes).toEqual({ email: "ev@example.com" });
    expect((upd.data.object as Stripe.Customer).email).toBe(updated.email);
    const missing = await stripeError(h.raw.events.retrieve("evt_nope"));
    expect(missing.statusCode).toBe(404);
  });
});

describe("webhook endpoints", () => {
  it("creates (secret only at creation), lists and deletes", async () => {
    const ep = await h.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hook", enabled_events: ["payment_intent.succeeded"] });
    expect(ep.id).toMatch(/^we_/);
    expect(ep.secret).toMatch(/^whsec_/);
    expect(ep).toMatchObject({ object: "webhook_endpoint", status: "enabled", enabled_events: ["payment_intent.succeeded"] });
    const fetched = await h.stripe.webhookEndpoints.retrieve(ep.id);
    expect(fetched.secret).toBeUndefined();
    expect((await h.stripe.webhookEndpoints.list()).data.map((e) => e.id)).toContain(ep.id);
    const del = await h.stripe.webhookEndpoints.del(ep.id);
    expect(del.deleted).toBe(true);
    expect((await h.stripe.webhookEndpoints.list()).data.map((e) => e.id)).not.toContain(ep.id);
    const bad = await stripeError(h.raw.webhookEndpoints.create({ url: "not a url", enabled_events: ["*"] }));
    expect(bad.param).toBe("url");
  });

  it("answer the retrieve/update contract of every resource: expand is honoured and checked", async () => {
    const ep = await h.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/contract", enabled_events: ["*"] });
    const retrieve = await stripeError(h.raw.webhookEndpoints.retrieve(ep.id, { expand: ["nope"] }));
    expect(retrieve).toMatchObject({ statusCode: 400, param: "expand", message: "This property cannot be expanded (nope)." });
    const update = await stripeError(h.raw.webhookEndpoints.update(ep.id, { description: "changed", expand: ["nope"] }));
    expect(update).toMatchObject({ statusCode: 400, param: "expand" });
    expect((await h.stripe.webhookEndpoints.retrieve(ep.id)).description).toBeNull();
  });

  it("delivers signed events that constructEvent verifies; tampering and stale timestamps fail", async () => {
    const receiver = await startReceiver();
    try {
      const ep = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] });
      const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1234, currency: "usd", payment_method: "pm_card_visa", confirm: true });
      const got = await waitFor(() => {
        const events = receiver.received.map((r) => JSON.parse(r.body) as Stripe.Event).filter((e) => (e.data.object as { id: string; payment_intent?: string }).id === pi.id || (e.data.object as { payment_intent?: string }).payment_intent === pi.id);
        return events.length >= 3 ? events : undefined;
      });
      // Concurrent per endpoint, as on Stripe: every event arrives, in no promised order.
      expect(got.map((e) => e.type).sort()).toEqual(["charge.succeeded", "payment_intent.created", "payment_intent.succeeded"]);

      const delivery = receiver.received.find((r) => r.body.includes('"payment_intent.succeeded"'))!;
      expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = h.stripe.webhooks.constructEvent(delivery.body, delivery.signature, ep.secret!);
      expect(event.type).toBe("payment_intent.succeeded");
      expect((event.data.object as Stripe.PaymentIntent).status).toBe("succeeded");

      expect(() => h.stripe.webhooks.constructEvent(delivery.body.replace("1234", "1"), delivery.signature, ep.secret!)).toThrow(Stripe.errors.StripeSignatureVerificationError);
      expect(() => h.stripe.webhooks.constructEvent(delivery.body, delivery.signature, "whsec_wrong")).toThrow(Stripe.errors.StripeSignatureVerificationError);
      const stale = signPayload(delivery.body, ep.secret!, Math.floor(Date.now() / 1000) - 3600);
      expect(() => h.stripe.webhooks.constructEvent(delivery.body, stale, ep.secret!)).toThrow(/timestamp/i);
      await h.stripe.webhookEndpoints.del(ep.id);
    } finally {
      await receiver.close();
    }
  });

  it("only sends enabled event types", async () => {
    const receiver = await startReceiver();
    try {
      const ep = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
      await h.stripe.products.create({ name: "ignored" });
      const customer = await h.stripe.customers.create({});
      const body = await waitFor(() => receiver.received.find((r) => r.body.includes(customer.id))?.body);
      expect((JSON.parse(body) as Stripe.Event).type).toBe("customer.created");
      expect(receiver.received.every((r) => (JSON.parse(r.body) as Stripe.Event).type === "customer.created")).toBe(true);
      await h.stripe.webhookEndpoints.del(ep.id);
    } finally {
      await receiver.close();
    }
  });

  it("retries after a 500 from the receiver, with backoff", async () => {
    const receiver = await startReceiver((_body, index) => (index === 0 ? 500 : 200));
    try {
      const ep = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
      const customer = await h.stripe.customers.create({ email: "retry@example.com" });
      await waitFor(() => receiver.received.length >= 2);
      expect(receiver.received[0].status).toBe(500);
      expect(receiver.received[1].status).toBe(200);
      expect(receiver.received[0].body).toBe(receiver.received[1].body);
      expect(receiver.received[1].body).toContain(customer.id);
      const deliveries = await h.helper<{ data: { endpoint: string; status: string; attempts: number }[] }>(`/_emulator/deliveries`);
      const mine = deliveries.data.find((d) => d.endpoint === ep.id)!;
      expect(mine).toMatchObject({ status: "succeeded", attempts: 2 });
      await h.stripe.webhookEndpoints.del(ep.id);
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the maximum number of attempts on network errors", async () => {
    const emulator = await startEmulator({ port: 0, quiet: true, retryBaseMs: 5, maxAttempts: 3, webhookUrl: "http://127.0.0.1:9/unreachable", webhookSecret: "whsec_test" });
    try {
      const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
      await stripe.customers.create({});
      const record = await waitFor(async () => {
        const res = (await (await fetch(`${emulator.url}/_emulator/deliveries`)).json()) as { data: { status: string; attempts: number; last_error: string }[] };
        return res.data.find((d) => d.status === "failed");
      });
      expect(record.attempts).toBe(3);
      expect(record.last_error).toBeTruthy();
    } finally {
      await emulator.close();
    }
  });

  it("also delivers to the configured webhookUrl with webhookSecret", async () => {
    const receiver = await startReceiver();
    const emulator = await startEmulator({ port: 0, quiet: true, webhookUrl: receiver.url, webhookSecret: "whsec_configured" });
    try {
      const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
      const customer = await stripe.customers.create({});
      const delivery = await waitFor(() => receiver.received.find((r) => r.body.includes(customer.id)));
      const event = stripe.webhooks.constructEvent(delivery.body, delivery.signature, "whsec_configured");
      expect(event.type).toBe("customer.created");
      expect(event.pending_webhooks).toBe(1);
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });
});

describe("persistence and reset", () => {
  it("survives a restart with dataFile", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stripe-emu-"));
    const dataFile = path.join(dir, "state.json");
    try {
      const first = await startEmulator({ port: 0, quiet: true, dataFile });
      const s1 = new Stripe("sk_test_x", { host: "127.0.0.1", port: first.port, protocol: "http" });
      const customer = await s1.customers.create({ email: "persist@example.com" });
      await first.close();
      const second = await startEmulator({ port: 0, quiet: true, dataFile });
      try {
        const s2 = new Stripe("sk_test_x", { host: "127.0.0.1", port: second.port, protocol: "http" });
        expect((await s2.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: "persist@example.com" });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reset empties the state", async () => {
    const emulator = await startEmulator({ port: 0, quiet: true });
    try {
      const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({});
      const res = await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
      expect(res.status).toBe(200);
      const err = await stripeError(stripe.customers.retrieve(customer.id));
      expect(err.statusCode).toBe(404);
      const health = (await (await fetch(`${emulator.url}/_emulator/health`)).json()) as { status: string };
      expect(health.status).toBe("ok");
    } finally {
      await emulator.close();
    }
  });
});
