/**
 * Webhook delivery: every event goes, after the HTTP answer, to each matching webhook endpoint
 * (and the optional configured `webhookUrl`), signed like Stripe (`Stripe-Signature: t=...,v1=...`,
 * HMAC-SHA256 of `${t}.${payload}`), retried with exponential backoff, one event at a time per
 * endpoint so each endpoint receives events in creation order.
 */
import { createHmac } from "node:crypto";
import type { Obj } from "./store";

export interface Target {
  /** Webhook endpoint id, or "config" for the `webhookUrl` option. */
  id: string;
  url: string;
  secret: string;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  event_type: string;
  endpoint: string;
  url: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created: number;
  delivered_at: number | null;
}

export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

interface Queue {
  items: { record: DeliveryRecord; payload: string; target: Target }[];
  running: boolean;
}

export class Deliverer {
  readonly records: DeliveryRecord[] = [];
  private queues = new Map<string, Queue>();
  private timers = new Set<NodeJS.Timeout>();
  private controllers = new Set<AbortController>();
  private closed = false;
  private counter = 0;

  constructor(
    private readonly opts: { retryBaseMs: number; maxAttempts: number; timeoutMs: number; log: (msg: string) => void },
  ) {}

  /** Queue one event for each target; delivery starts on a later tick, after the HTTP answer is written. */
  enqueue(event: Obj, targets: Target[]): void {
    if (this.closed) return;
    const payload = JSON.stringify(event, null, 2);
    for (const target of targets) {
      const record: DeliveryRecord = {
        id: `whdel_${++this.counter}`,
        event_id: event.id,
        event_type: event.type,
        endpoint: target.id,
        url: target.url,
        status: "pending",
        attempts: 0,
        last_status_code: null,
        last_error: null,
        created: Date.now(),
        delivered_at: null,
      };
      this.records.push(record);
      if (this.records.length > 5000) this.records.splice(0, this.records.length - 5000);
      const key = `${target.id} ${target.url}`;
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { items: [], running: false };
        this.queues.set(key, queue);
      }
      queue.items.push({ record, payload, target });
      if (!queue.running) {
        queue.running = true;
        const q = queue;
        setImmediate(() => void this.drain(q));
      }
    }
  }

  private async drain(queue: Queue): Promise<void> {
    while (!this.closed && queue.items.length > 0) {
      const item = queue.items[0];
      const done = await this.attempt(item.record, item.payload, item.target);
      if (done || item.record.attempts >= this.opts.maxAttempts) {
        if (!done) item.record.status = "failed";
        queue.items.shift();
        continue;
      }
      // Exponential backoff, capped at 30 s (or the base delay when that is larger).
      const delay = Math.min(this.opts.retryBaseMs * 2 ** (item.record.attempts - 1), Math.max(30_000, this.opts.retryBaseMs));
      await this.sleep(delay);
    }
    queue.running = false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async attempt(record: DeliveryRecord, payload: string, target: Target): Promise<boolean> {
    record.attempts += 1;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      const res = await fetch(target.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(payload, target.secret),
        },
        body: payload,
        signal: controller.signal,
      });
      record.last_status_code = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        record.status = "succeeded";
        record.last_error = null;
        record.delivered_at = Date.now();
        return true;
      }
      record.last_error = `HTTP ${res.status}`;
    } catch (err) {
      record.last_error = this.closed ? "emulator closed" : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    this.opts.log(`webhook ${record.event_type} → ${target.url} failed (attempt ${record.attempts}): ${record.last_error}`);
    return false;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  reset(): void {
    this.records.length = 0;
    this.queues.clear();
  }
}
