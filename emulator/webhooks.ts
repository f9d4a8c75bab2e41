/**
 * Webhook delivery: every event goes, after the HTTP answer, to each matching webhook endpoint
 * (and the optional configured `webhookUrl`), signed like Stripe (`Stripe-Signature: t=...,v1=...`,
 * HMAC-SHA256 of `${t}.${payload}`), concurrently per endpoint (a failing event is retried with
 * exponential backoff while later ones go on), so — as on Stripe — order is not guaranteed.
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
  /** A second delivery of the same event (chaos mode). */
  duplicate?: boolean;
}

export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/**
 * `chaos`: deliveries as Stripe may make them, for tests and development: order shuffled within
 * `windowMs`, a share (`duplicateRate`) delivered twice, a share (`delayRate`) held up to
 * `maxDelayMs`. All choices come from a PRNG seeded with `seed`, so a failing run can be replayed.
 */
export interface ChaosOptions {
  seed: number;
  windowMs: number;
  duplicateRate: number;
  delayRate: number;
  maxDelayMs: number;
}

export type DeliveryMode = { mode: "normal" } | ({ mode: "chaos" } & ChaosOptions);

export function chaosOptions(given: Partial<ChaosOptions> = {}): ChaosOptions {
  return {
    seed: given.seed ?? Math.floor(Math.random() * 2 ** 31),
    windowMs: given.windowMs ?? 200,
    duplicateRate: given.duplicateRate ?? 0.2,
    delayRate: given.delayRate ?? 0.1,
    maxDelayMs: given.maxDelayMs ?? 1500,
  };
}

/** mulberry32: small, fast, good enough to replay a run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Delivery {
  record: DeliveryRecord;
  payload: string;
  target: Target;
}

/** Deliveries in flight at once per endpoint; the rest wait their turn (a retrying one waits on its timer, not in line). */
const PER_ENDPOINT_CONCURRENCY = 8;

export class Deliverer {
  readonly records: DeliveryRecord[] = [];
  private lines = new Map<string, { ready: Delivery[]; inFlight: number }>();
  private timers = new Set<NodeJS.Timeout>();
  private controllers = new Set<AbortController>();
  private closed = false;
  private counter = 0;
  private modeState: DeliveryMode = { mode: "normal" };
  private random: () => number = Math.random;

  constructor(
    private readonly opts: { retryBaseMs: number; maxAttempts: number; timeoutMs: number; log: (msg: string) => void },
  ) {}

  get mode(): DeliveryMode {
    return this.modeState;
  }

  /** Switch delivery mode; chaos prints its seed (also when quiet) so a failing run can be replayed. */
  setMode(mode: DeliveryMode): void {
    this.modeState = mode;
    if (mode.mode === "chaos") {
      this.random = prng(mode.seed);
      console.log(`[stripe-emulator] webhook chaos on: seed=${mode.seed} window=${mode.windowMs}ms duplicates=${mode.duplicateRate} delays=${mode.delayRate}≤${mode.maxDelayMs}ms`);
    }
  }

  /** Queue one event for each target; delivery starts on a later tick, after the HTTP answer is written. */
  enqueue(event: Obj, targets: Target[]): void {
    if (this.closed) return;
    const payload = JSON.stringify(event, null, 2);
    for (const target of targets) {
      const chaos = this.modeState.mode === "chaos" ? this.modeState : null;
      const copies = chaos && this.random() < chaos.duplicateRate ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const record = this.record(event, target, copy > 0);
        const delivery = { record, payload, target };
        if (!chaos) {
          setImmediate(() => this.ready(delivery));
          continue;
        }
        const held = this.random() < chaos.delayRate ? chaos.windowMs + this.random() * (chaos.maxDelayMs - chaos.windowMs) : this.random() * chaos.windowMs;
        this.after(Math.round(held), () => this.ready(delivery));
      }
    }
  }

  private record(event: Obj, target: Target, duplicate: boolean): DeliveryRecord {
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
      ...(duplicate ? { duplicate: true } : {}),
    };
    this.records.push(record);
    if (this.records.length > 5000) this.records.splice(0, this.records.length - 5000);
    return record;
  }

  private line(target: Target) {
    const key = `${target.id} ${target.url}`;
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = { ready: [], inFlight: 0 }));
    return line;
  }

  private ready(delivery: Delivery): void {
    if (this.closed) return;
    const line = this.line(delivery.target);
    line.ready.push(delivery);
    this.pump(line);
  }

  private pump(line: { ready: Delivery[]; inFlight: number }): void {
    while (!this.closed && line.inFlight < PER_ENDPOINT_CONCURRENCY && line.ready.length > 0) {
      const d = line.ready.shift()!;
      line.inFlight += 1;
      void this.attempt(d.record, d.payload, d.target).then((done) => {
        line.inFlight -= 1;
        if (!done) {
          if (d.record.attempts >= this.opts.maxAttempts) d.record.status = "failed";
          // Exponential backoff, capped at 30 s (or the base delay when that is larger); later events go on meanwhile.
          else this.after(Math.min(this.opts.retryBaseMs * 2 ** (d.record.attempts - 1), Math.max(30_000, this.opts.retryBaseMs)), () => this.ready(d));
        }
        this.pump(line);
      });
    }
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
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
    this.lines.clear();
  }
}
