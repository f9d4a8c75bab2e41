/** Webhook delivery as Stripe makes it: concurrent per endpoint, and a seeded chaos mode (shuffled, duplicated, late). */
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { startReceiver, useHarness, waitFor } from "./helpers";

const h = useHarness();

async function mode(body?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.emulator.url}/_emulator/webhooks/mode`, body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : undefined);
  expect(res.status).toBe(body?.mode === "bogus" ? 400 : 200);
  return (await res.json()) as Record<string, unknown>;
}

type Delivery = { event_id: string; status: string; attempts: number; duplicate?: boolean; endpoint: string };

async function deliveriesFor(endpoint: string): Promise<Delivery[]> {
  return (await h.helper<{ data: Delivery[] }>("/_emulator/deliveries")).data.filter((d) => d.endpoint === endpoint);
}

describe("webhook delivery", () => {
  it("a failing event does not hold back the ones behind it", async () => {
    let first: string | null = null;
    // The first event keeps failing (retried with backoff); the others are answered 200.
    const receiver = await startReceiver((body) => {
      const id = (JSON.parse(body) as Stripe.Event).id;
      first ??= id;
      return id === first ? 500 : 200;
    });
    try {
      const ep = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
      const customers = [];
      for (let i = 0; i < 4; i++) customers.push(await h.stripe.customers.create({ email: `c${i}@example.com` }));
      const ok = await waitFor(() => {
        const ids = new Set(receiver.received.filter((r) => r.status === 200).map((r) => (JSON.parse(r.body) as Stripe.Event).data.object as Stripe.Customer).map((c) => c.id));
        return ids.size >= 3 ? ids : undefined;
      });
      expect(ok.size).toBe(3);
      const mine = await deliveriesFor(ep.id);
      expect(mine.filter((d) => d.status === "succeeded")).toHaveLength(3);
      const failing = mine.find((d) => d.event_id === first)!;
      expect(failing.status).toBe("pending");
      expect(failing.attempts).toBeGreaterThanOrEqual(1);
      await h.stripe.webhookEndpoints.del(ep.id);
    } finally {
      await receiver.close();
    }
  });

  it("chaos mode: seeded, some deliveries twice, order shuffled; the same seed replays the same choices", async () => {
    expect(await mode()).toEqual({ mode: "normal" });
    const runs: { types: string[]; duplicates: string[] }[] = [];
    for (let run = 0; run < 2; run++) {
      const set = await mode({ mode: "chaos", seed: 4242, duplicate_rate: 0.5, window_ms: 50, delay_rate: 0.2, max_delay_ms: 150 });
      expect(set).toEqual({ mode: "chaos", seed: 4242, windowMs: 50, duplicateRate: 0.5, delayRate: 0.2, maxDelayMs: 150 });
      const receiver = await startReceiver();
      try {
        const ep = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
        for (let i = 0; i < 12; i++) await h.stripe.customers.create({ name: `chaos ${run} ${i}` });
        const mine = await waitFor(async () => {
          const d = await deliveriesFor(ep.id);
          return d.length >= 12 && d.every((x) => x.status === "succeeded") ? d : undefined;
        });
        await waitFor(() => receiver.received.length === mine.length);
        const names = receiver.received.map((r) => ((JSON.parse(r.body) as Stripe.Event).data.object as Stripe.Customer).name!);
        // Every event arrives at least once; some twice, with the same event id and a valid signature.
        expect(new Set(names).size).toBe(12);
        expect(names.length).toBeGreaterThan(12);
        const dup = receiver.received.filter((r, i) => receiver.received.findIndex((x) => x.body === r.body) !== i);
        for (const r of dup) expect(h.stripe.webhooks.constructEvent(r.body, r.signature, ep.secret!).type).toBe("customer.created");
        const byCreation = [...names].sort((a, b) => Number(a.split(" ")[2]) - Number(b.split(" ")[2]));
        runs.push({ types: byCreation, duplicates: mine.filter((d) => d.duplicate).map((d) => d.event_id) });
        expect(names).not.toEqual(byCreation.filter((n, i) => byCreation.indexOf(n) === i));
        // Replay: same seed, same number of duplicates.
        if (run === 1) expect(runs[1].duplicates.length).toBe(runs[0].duplicates.length);
        await h.stripe.webhookEndpoints.del(ep.id);
      } finally {
        await receiver.close();
      }
    }
    expect(await mode({ mode: "normal" })).toEqual({ mode: "normal" });
    await mode({ mode: "bogus" });
  });
});
