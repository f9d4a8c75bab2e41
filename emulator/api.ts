/**
 * The emulated Stripe API, assembled: the engine (emulator/engine/), every resource's routes
 * (emulator/routes/) and the test helpers' operations. Every handler is synchronous, so a
 * request's check-and-write is atomic on Node's single thread (which is also what makes
 * same-key idempotent requests produce exactly one object).
 */
import { Engine, type Ctx, type EngineOptions } from "./engine";
import { clientSafePaymentIntent } from "./engine/render";
import { StripeApiError } from "./errors";
import { chargeRoutes } from "./routes/charges";
import { customerRoutes } from "./routes/customers";
import { eventRoutes } from "./routes/events";
import { Router, type Route } from "./routes/factory";
import { invoiceRoutes } from "./routes/invoices";
import { paymentIntentRoutes } from "./routes/payment-intents";
import { paymentMethodRoutes } from "./routes/payment-methods";
import { priceRoutes } from "./routes/prices";
import { productRoutes } from "./routes/products";
import { refundRoutes, settleDueRefunds } from "./routes/refunds";
import { clientSafeSetupIntent, completeSetupThreeDSecure, setupIntentRoutes } from "./routes/setup-intents";
import { subscriptionRoutes } from "./routes/subscriptions";
import * as helpers from "./routes/test-helpers";
import { tokenRoutes } from "./routes/tokens";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints";
import type { Obj, Store } from "./store";

export { API_VERSION, type Ctx } from "./engine";

export interface Answer {
  status: number;
  body: unknown;
}

const RESOURCES = [
  customerRoutes,
  productRoutes,
  priceRoutes,
  tokenRoutes,
  paymentMethodRoutes,
  paymentIntentRoutes,
  setupIntentRoutes,
  chargeRoutes,
  refundRoutes,
  subscriptionRoutes,
  invoiceRoutes,
  eventRoutes,
  webhookEndpointRoutes,
];

export class Api {
  private readonly router = new Router();
  private readonly e: Engine;

  constructor(store: Store, opts: EngineOptions) {
    this.e = new Engine(store, opts);
    for (const register of RESOURCES) register(this.router, this.e);
  }

  route(method: string, path: string): { route: Route; match: string[] } | null {
    return this.router.match(method, path);
  }

  /** Run a handler; events it created are handed to `onEvent` even when it ends in a (402) error. */
  run(route: Route, match: string[], ctx: Ctx): Answer {
    return this.e.during(ctx, () => {
      try {
        return { status: 200, body: route.handler(ctx, match) };
      } catch (err) {
        // Publishable-key callers (Stripe.js) only ever see the client-safe PaymentIntent fields.
        if (err instanceof StripeApiError && ctx.keyKind === "publishable" && err.body.payment_intent) {
          err.body.payment_intent = clientSafePaymentIntent(err.body.payment_intent);
        }
        if (err instanceof StripeApiError && ctx.keyKind === "publishable" && err.body.setup_intent) {
          err.body.setup_intent = clientSafeSetupIntent(err.body.setup_intent);
        }
        throw err;
      }
    });
  }

  /** Run internal work (test helpers) that may emit events outside an API request. */
  runInternal<T>(fn: () => T): T {
    return this.e.during(null, fn);
  }

  advanceSubscription(id: string): { subscription: Obj; invoice: Obj | null } {
    return helpers.advanceSubscription(this.e, id);
  }

  completeThreeDSecure(id: string, outcome: "complete" | "fail"): Obj {
    return id.startsWith("seti_") ? completeSetupThreeDSecure(this.e, id, outcome) : helpers.completeThreeDSecure(this.e, id, outcome);
  }

  /** Settle bank debits whose time has come on the emulator clock. */
  settleDue(): string[] {
    return this.e.during(null, () => [...helpers.settleDue(this.e), ...settleDueRefunds(this.e)]);
  }

  /** Move the emulator clock forward (delayed outcomes, idempotency and event expiry), then settle what is due. */
  advanceClock(seconds: number): { now: number; settled: string[] } {
    this.e.store.clockOffsetMs += seconds * 1000;
    return { now: Math.floor(this.e.store.now() / 1000), settled: this.settleDue() };
  }

  failNext(id: string): Obj {
    return helpers.failNext(this.e, id);
  }

  returnUrlOf(piId: string): string | undefined {
    return helpers.returnUrlOf(this.e, piId);
  }
}
