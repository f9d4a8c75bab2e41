/**
 * Events: recorded for every state change, with the request that caused it, and handed to the
 * webhook deliverer only after the request's answer is settled (also when it ends in a 402).
 */
import Stripe from "stripe";
import { newId, nowSeconds, type Obj, type Store } from "../store";
import type { Target } from "../webhooks";

export const API_VERSION: string = Stripe.API_VERSION;

/** Who is asking: the request an event is attributed to. */
export interface RequestInfo {
  requestId: string;
  idempotencyKey: string | null;
}

export interface EventSink {
  webhookTargets: (eventType: string) => Target[];
  onEvent: (event: Obj, targets: Target[]) => void;
}

export class EventQueue {
  private pending: { event: Obj; targets: Target[] }[] = [];
  private request: RequestInfo | null = null;

  constructor(
    private readonly store: Store,
    private readonly sink: EventSink,
  ) {}

  /** Record `type` for (a rendering of) `obj`, with `previous_attributes` for updates. */
  emit(type: string, object: Obj, previous?: Obj): Obj {
    const targets = this.sink.webhookTargets(type);
    const event: Obj = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: nowSeconds(),
      data: { object, ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: targets.length,
      request: { id: this.request?.requestId || null, idempotency_key: this.request?.idempotencyKey ?? null },
      type,
    };
    this.store.insert(event);
    this.pending.push({ event, targets });
    return event;
  }

  /** Run `fn` on behalf of `request`; its events go out afterwards, whatever the outcome. */
  during<T>(request: RequestInfo | null, fn: () => T): T {
    this.request = request;
    this.pending = [];
    try {
      return fn();
    } finally {
      const pending = this.pending;
      this.pending = [];
      this.request = null;
      this.store.commit();
      for (const p of pending) this.sink.onEvent(p.event, p.targets);
    }
  }
}
