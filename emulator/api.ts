/**
 * The emulated Stripe API: resources, their state machines and the events they announce.
 * Every handler is synchronous, so a request's check-and-write is atomic on Node's single thread
 * (which is also what makes same-key idempotent requests produce exactly one object).
 */
import Stripe from "stripe";
import { checkCard, DECLINES, TEST_PAYMENT_METHODS, type CardBehaviour, type CheckedCard } from "./cards";
import { invalidRequest, missing, StripeApiError } from "./errors";
import { Engine, type Ctx } from "./engine";
import { LIST_PARAMS, type PageParams } from "./engine/list";
import { clientSafePaymentIntent } from "./engine/render";
import { formatMoney, minimumCharge } from "./money";
import { S, validate, type Params } from "./params";
import { attach, ownedPaymentMethod, paymentMethodFromData, resolvePaymentMethod, type PaymentMethodData } from "./payment-methods";
import { chargeRoutes } from "./routes/charges";
import { paymentMethodRoutes } from "./routes/payment-methods";
import { tokenRoutes } from "./routes/tokens";
import { eventRoutes } from "./routes/events";
import { Router, type Handler, type Route } from "./routes/factory";
import { priceRoutes } from "./routes/prices";
import { productRoutes } from "./routes/products";
import { refundRoutes } from "./routes/refunds";
import { ADDRESS, ADDRESS_FIELDS, BILLING_DETAILS, CARD_INPUT, nullAddress } from "./routes/schemas";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints";
import { newId, nowSeconds, randomId, Store, type Obj } from "./store";
import type { Target } from "./webhooks";

export { API_VERSION, type Ctx } from "./engine";

export interface Answer {
  status: number;
  body: unknown;
}

export interface ApiOptions {
  baseUrl: () => string;
  webhookTargets: (eventType: string) => Target[];
  onEvent: (event: Obj, targets: Target[]) => void;
}

export class Api {
  private readonly router = new Router();
  private readonly e: Engine;

  constructor(
    readonly store: Store,
    private readonly opts: ApiOptions,
  ) {
    this.e = new Engine(store, opts);
    for (const register of [tokenRoutes, paymentMethodRoutes, productRoutes, priceRoutes, chargeRoutes, refundRoutes, eventRoutes, webhookEndpointRoutes]) register(this.router, this.e);
    this.defineRoutes();
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

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
          err.body.payment_intent = clientSafePaymentIntent(err.body.payment_intent as Obj);
        }
        throw err;
      }
    });
  }

  /** Run internal work (test helpers) that may emit events outside an API request. */
  runInternal<T>(fn: () => T): T {
    return this.e.during(null, fn);
  }

  private on(method: "GET" | "POST" | "DELETE", pattern: string, handler: Handler, publishable = false): void {
    this.router.on(method, pattern, handler, { publishable });
  }

  // -------------------------------------------------------------------------------------------
  // Engine access (transitional: resources move to emulator/routes/*)

  private get(id: string, type: string, param = "id"): Obj {
    return this.e.get(id, type, param);
  }

  render(obj: Obj, expand: string[] = []): Obj {
    return this.e.render(obj, expand);
  }

  /** `expand` as validated: `expand=x` counts as `expand[]=x`. */
  private expandOf(ctx: Ctx): string[] {
    const expand = ctx.params.expand;
    return typeof expand === "string" ? [expand] : ((expand as string[] | undefined) ?? []);
  }

  private list(p: PageParams, items: Obj[], url: string): Obj {
    return this.e.list(items, p, url);
  }

  private emit(type: string, obj: Obj, previous?: Obj): Obj {
    return this.e.emit(type, obj, previous);
  }

  private touch(): void {
    this.e.touch();
  }

  private applyMetadata(target: Obj, metadata: unknown): void {
    this.e.applyMetadata(target, metadata as Record<string, string> | null | undefined);
  }

  private update(target: Obj, params: Params, keys: string[]): Obj {
    return this.e.update(target, params, keys);
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  private defineRoutes(): void {
    const LIST = LIST_PARAMS;

    // Customers ----------------------------------------------------------------------------
    const customerFields = {
      email: S.str({ nullable: true, max: 512 }),
      name: S.str({ nullable: true, max: 256 }),
      phone: S.str({ nullable: true, max: 20 }),
      description: S.str({ nullable: true }),
      metadata: S.metadata(),
      address: S.obj(ADDRESS_FIELDS, { nullable: true }),
      shipping: S.obj({ address: ADDRESS, name: S.str({ required: true }), phone: S.str() }, { nullable: true }),
      invoice_settings: S.obj({ default_payment_method: S.str({ nullable: true }) }),
      preferred_locales: S.arr(S.str(), { nullable: true }),
    };
    this.on("POST", "/v1/customers", (ctx) => {
      const p = validate(ctx.params, { ...customerFields, payment_method: S.str() });
      const customer: Stripe.Customer = {
        id: newId("cus"),
        object: "customer",
        address: p.address ? { ...nullAddress(), ...(p.address as Obj) } : null,
        balance: 0,
        created: nowSeconds(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: (p.description as string) ?? null,
        discount: null,
        email: (p.email as string) ?? null,
        invoice_prefix: randomId(8).toUpperCase(),
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: {},
        name: (p.name as string) ?? null,
        next_invoice_sequence: 1,
        phone: (p.phone as string) ?? null,
        preferred_locales: (p.preferred_locales as string[]) ?? [],
        shipping: p.shipping ? ({ ...(p.shipping as Obj), address: { ...nullAddress(), ...((p.shipping as Obj).address ?? {}) }, phone: (p.shipping as Obj).phone ?? null } as Stripe.Customer.Shipping) : null,
        tax_exempt: "none",
        test_clock: null,
      };
      this.applyMetadata(customer, p.metadata);
      if (p.payment_method) {
        const pm = resolvePaymentMethod(this.e, p.payment_method as string, "payment_method");
        this.store.insert(customer);
        attach(this.e, pm, customer.id);
      } else {
        this.store.insert(customer);
      }
      const dpm = (p.invoice_settings as Obj | undefined)?.default_payment_method;
      if (dpm) customer.invoice_settings.default_payment_method = ownedPaymentMethod(this.e, dpm, customer.id, "invoice_settings[default_payment_method]");
      this.emit("customer.created", customer);
      return this.render(customer, this.expandOf(ctx));
    });
    this.on("GET", "/v1/customers/:id", (ctx, [id]) => {
      validate(ctx.params, {});
      const obj = this.store.get(id);
      if (!obj || obj.object !== "customer") throw missing("customer", id);
      if (obj.deleted) return { id, object: "customer", deleted: true };
      return this.render(obj, this.expandOf(ctx));
    });
    this.on("POST", "/v1/customers/:id", (ctx, [id]) => {
      const p = validate(ctx.params, customerFields);
      const customer = this.get(id, "customer");
      const prev = this.update(customer, p, ["email", "name", "phone", "description", "metadata", "preferred_locales"]);
      if (p.address !== undefined) {
        prev.address = customer.address;
        customer.address = p.address ? { ...nullAddress(), ...(p.address as Obj) } : null;
      }
      if (p.shipping !== undefined) {
        prev.shipping = customer.shipping;
        customer.shipping = p.shipping ? { ...(p.shipping as Obj), address: { ...nullAddress(), ...((p.shipping as Obj).address ?? {}) }, phone: (p.shipping as Obj).phone ?? null } : null;
      }
      const settings = p.invoice_settings as Obj | undefined;
      if (settings && "default_payment_method" in settings) {
        prev.invoice_settings = structuredClone(customer.invoice_settings);
        customer.invoice_settings.default_payment_method = settings.default_payment_method
          ? ownedPaymentMethod(this.e, settings.default_payment_method, id, "invoice_settings[default_payment_method]")
          : null;
      }
      this.touch();
      if (Object.keys(prev).length) this.emit("customer.updated", customer, prev);
      return this.render(customer, this.expandOf(ctx));
    });
    this.on("DELETE", "/v1/customers/:id", (ctx, [id]) => {
      validate(ctx.params, {});
      const customer = this.get(id, "customer");
      for (const sub of this.store.all("subscription")) {
        if (sub.customer === id && sub.status !== "canceled" && sub.status !== "incomplete_expired") this.cancelSubscription(sub, "cancellation_requested");
      }
      this.emit("customer.deleted", customer);
      customer.deleted = true;
      this.touch();
      return { id, object: "customer", deleted: true };
    });
    this.on("GET", "/v1/customers", (ctx) => {
      const p = validate(ctx.params, { ...LIST, email: S.str() });
      let items = this.store.all("customer").filter((c) => !c.deleted);
      if (p.email) items = items.filter((c) => c.email === p.email);
      return this.list(p, items, "/v1/customers");
    });
    this.on("GET", "/v1/customers/:id/payment_methods", (ctx, [id]) => {
      const p = validate(ctx.params, { ...LIST, type: S.str(), allow_redisplay: S.str() });
      this.get(id, "customer");
      const items = this.store.all("payment_method").filter((pm) => pm.customer === id);
      return this.list(p, items, `/v1/customers/${id}/payment_methods`);
    });

    // Payment intents ----------------------------------------------------------------------
    const piCommon = {
      amount: S.int({ min: 0, max: 99999999 }),
      currency: S.str(),
      customer: S.str({ nullable: true }),
      description: S.str({ nullable: true, max: 1000 }),
      metadata: S.metadata(),
      payment_method: S.str(),
      payment_method_types: S.arr(S.str()),
      receipt_email: S.str({ nullable: true }),
      setup_future_usage: S.str({ enum: ["off_session", "on_session"], nullable: true }),
      statement_descriptor: S.str({ max: 22 }),
      statement_descriptor_suffix: S.str({ max: 22 }),
      shipping: S.any(),
      payment_method_options: S.any(),
      payment_method_data: S.obj({ type: S.str({ required: true, enum: ["card"] }), card: CARD_INPUT, billing_details: BILLING_DETAILS, metadata: S.metadata() }),
    };
    this.on("POST", "/v1/payment_intents", (ctx) => {
      const p = validate(ctx.params, {
        ...piCommon,
        amount: S.int({ required: true, min: 0, max: 99999999 }),
        currency: S.str({ required: true }),
        confirm: S.bool(),
        off_session: S.any(),
        capture_method: S.str({ enum: ["automatic", "automatic_async", "manual"] }),
        confirmation_method: S.str({ enum: ["automatic", "manual"] }),
        automatic_payment_methods: S.obj({ enabled: S.bool({ required: true }), allow_redirects: S.str({ enum: ["always", "never"] }) }),
        return_url: S.str(),
        use_stripe_sdk: S.bool(),
        error_on_requires_action: S.bool(),
      });
      this.checkAmount(p.amount as number, p.currency as string);
      if (p.automatic_payment_methods && p.payment_method_types) {
        throw invalidRequest("You may only specify one of these parameters: automatic_payment_methods, payment_method_types.", "automatic_payment_methods");
      }
      if (p.off_session !== undefined && !p.confirm) throw invalidRequest("You can only use off_session when confirm is true.", "off_session");
      if (p.return_url && !p.confirm) throw invalidRequest("You can only use return_url when confirm is true.", "return_url");
      const types = (p.payment_method_types as string[] | undefined) ?? ["card"];
      for (const [i, t] of types.entries()) {
        if (t !== "card") throw invalidRequest(`The payment method type "${t}" is invalid or not supported by the emulator.`, `payment_method_types[${i}]`, "payment_method_type_invalid");
      }
      if (p.customer) this.get(p.customer as string, "customer", "customer");
      const pi = this.createPaymentIntent({
        amount: p.amount as number,
        currency: (p.currency as string).toLowerCase(),
        customer: (p.customer as string) ?? null,
        description: (p.description as string) ?? null,
        receipt_email: (p.receipt_email as string) ?? null,
        setup_future_usage: (p.setup_future_usage as string) ?? null,
        capture_method: (p.capture_method as string) ?? "automatic_async",
        confirmation_method: (p.confirmation_method as string) ?? "automatic",
        payment_method_types: types,
        automatic_payment_methods: p.automatic_payment_methods
          ? { enabled: (p.automatic_payment_methods as Obj).enabled, allow_redirects: (p.automatic_payment_methods as Obj).allow_redirects ?? "always" }
          : null,
        statement_descriptor: (p.statement_descriptor as string) ?? null,
        statement_descriptor_suffix: (p.statement_descriptor_suffix as string) ?? null,
      });
      this.applyMetadata(pi, p.metadata);
      if (p.payment_method_data) pi.payment_method = paymentMethodFromData(this.e, p.payment_method_data).id;
      else if (p.payment_method) pi.payment_method = resolvePaymentMethod(this.e, p.payment_method as string, "payment_method").id;
      if (pi.payment_method) pi.status = "requires_confirmation";
      this.emit("payment_intent.created", pi);
      if (p.confirm) {
        this.confirm(pi, {
          offSession: p.off_session === true || p.off_session === "true" || p.off_session === "one_off" || p.off_session === "recurring",
          returnUrl: p.return_url as string | undefined,
          useStripeSdk: p.use_stripe_sdk === true,
          errorOnRequiresAction: p.error_on_requires_action === true,
        });
      }
      return this.renderPi(ctx, pi);
    });
    this.on(
      "GET",
      "/v1/payment_intents/:id",
      (ctx, [id]) => {
        validate(ctx.params, { client_secret: S.str() });
        const pi = this.get(id, "payment_intent");
        this.checkClientSecret(ctx, pi);
        return this.renderPi(ctx, pi);
      },
      true,
    );
    this.on("POST", "/v1/payment_intents/:id", (ctx, [id]) => {
      const p = validate(ctx.params, piCommon);
      const pi = this.get(id, "payment_intent");
      if (["succeeded", "canceled", "processing", "requires_capture"].includes(pi.status)) {
        throw this.unexpectedState(pi, "update");
      }
      if (p.amount !== undefined) this.checkAmount(p.amount as number, (p.currency as string) ?? pi.currency);
      if (p.customer) this.get(p.customer as string, "customer", "customer");
      if (p.payment_method_types) {
        for (const [i, t] of (p.payment_method_types as string[]).entries()) {
          if (t !== "card") throw invalidRequest(`The payment method type "${t}" is invalid or not supported by the emulator.`, `payment_method_types[${i}]`, "payment_method_type_invalid");
        }
      }
      if (p.currency) p.currency = (p.currency as string).toLowerCase();
      const prev = this.update(pi, p, ["amount", "currency", "customer", "description", "metadata", "receipt_email", "setup_future_usage", "payment_method_types", "statement_descriptor", "statement_descriptor_suffix"]);
      if (p.payment_method_data || p.payment_method) {
        prev.payment_method = pi.payment_method;
        pi.payment_method = p.payment_method_data ? paymentMethodFromData(this.e, p.payment_method_data).id : resolvePaymentMethod(this.e, p.payment_method as string, "payment_method").id;
        this.store.meta(pi.id).authenticated = false;
      }
      if (pi.payment_method && (pi.status === "requires_payment_method" || pi.status === "requires_action")) {
        if (pi.status !== "requires_confirmation") prev.status = pi.status;
        pi.status = "requires_confirmation";
        pi.next_action = null;
      }
      if (p.amount !== undefined || p.currency !== undefined) this.syncInvoiceAmount(pi);
      this.touch();
      return this.renderPi(ctx, pi);
    });
    this.on(
      "POST",
      "/v1/payment_intents/:id/confirm",
      (ctx, [id]) => {
        const p = validate(
          ctx.params,
          ctx.keyKind === "publishable"
            ? {
                client_secret: S.str({ required: true }),
                payment_method: S.str(),
                payment_method_data: piCommon.payment_method_data,
                return_url: S.str(),
                receipt_email: S.str({ nullable: true }),
                use_stripe_sdk: S.bool(),
                setup_future_usage: S.str({ enum: ["off_session", "on_session"], nullable: true }),
                shipping: S.any(),
                key: S.any(),
              }
            : {
                client_secret: S.str(),
                payment_method: S.str(),
                payment_method_data: piCommon.payment_method_data,
                return_url: S.str(),
                receipt_email: S.str({ nullable: true }),
                off_session: S.any(),
                use_stripe_sdk: S.bool(),
                setup_future_usage: S.str({ enum: ["off_session", "on_session"], nullable: true }),
                capture_method: S.str({ enum: ["automatic", "automatic_async", "manual"] }),
                error_on_requires_action: S.bool(),
                payment_method_types: S.arr(S.str()),
                payment_method_options: S.any(),
                shipping: S.any(),
                mandate_data: S.any(),
              },
        );
        const pi = this.get(id, "payment_intent");
        this.checkClientSecret(ctx, pi);
        if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
          throw this.unexpectedState(pi, "confirm");
        }
        if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email;
        if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage;
        if (p.capture_method) pi.capture_method = p.capture_method;
        if (p.payment_method_data) {
          pi.payment_method = paymentMethodFromData(this.e, p.payment_method_data as PaymentMethodData).id;
          this.store.meta(pi.id).authenticated = false;
        } else if (p.payment_method && p.payment_method !== pi.payment_method) {
          pi.payment_method = resolvePaymentMethod(this.e, p.payment_method as string, "payment_method").id;
          this.store.meta(pi.id).authenticated = false;
        }
        if (!pi.payment_method) {
          throw invalidRequest(
            "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
            "payment_method",
            "payment_intent_unexpected_state",
          );
        }
        this.confirm(pi, {
          offSession: p.off_session === true || p.off_session === "true" || p.off_session === "one_off" || p.off_session === "recurring",
          returnUrl: p.return_url as string | undefined,
          useStripeSdk: p.use_stripe_sdk === true || ctx.keyKind === "publishable",
          errorOnRequiresAction: p.error_on_requires_action === true,
        });
        return this.renderPi(ctx, pi);
      },
      true,
    );
    this.on("POST", "/v1/payment_intents/:id/cancel", (ctx, [id]) => {
      const p = validate(ctx.params, { cancellation_reason: S.str({ enum: ["duplicate", "fraudulent", "requested_by_customer", "abandoned"] }) });
      const pi = this.get(id, "payment_intent");
      if (!["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"].includes(pi.status)) {
        throw this.unexpectedState(pi, "cancel");
      }
      if (this.store.meta(pi.id).invoice) {
        throw invalidRequest("You cannot cancel this PaymentIntent because it was created by an invoice.", undefined, "payment_intent_unexpected_state");
      }
      const prevStatus = pi.status;
      if (pi.status === "requires_capture" && pi.latest_charge) {
        const charge = this.store.get(pi.latest_charge);
        if (charge) {
          // Releasing an uncaptured authorization refunds the full charge.
          charge.amount_refunded = charge.amount;
          charge.refunded = true;
        }
      }
      pi.status = "canceled";
      pi.canceled_at = nowSeconds();
      pi.cancellation_reason = (p.cancellation_reason as string) ?? null;
      pi.amount_capturable = 0;
      pi.next_action = null;
      this.touch();
      this.emit("payment_intent.canceled", pi, { status: prevStatus, canceled_at: null, cancellation_reason: null });
      return this.renderPi(ctx, pi);
    });
    this.on("POST", "/v1/payment_intents/:id/capture", (ctx, [id]) => {
      const p = validate(ctx.params, { amount_to_capture: S.int({ min: 1 }), metadata: S.metadata(), final_capture: S.bool() });
      const pi = this.get(id, "payment_intent");
      if (pi.status !== "requires_capture") throw this.unexpectedState(pi, "capture");
      const amount = (p.amount_to_capture as number | undefined) ?? pi.amount_capturable;
      if (amount > pi.amount_capturable) {
        throw invalidRequest(`The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`, "amount_to_capture", "amount_too_large");
      }
      this.applyMetadata(pi, p.metadata);
      const charge = this.get(pi.latest_charge, "charge");
      const prevCharge = { captured: false, amount_captured: charge.amount_captured };
      charge.captured = true;
      charge.amount_captured = amount;
      if (amount < charge.amount) {
        charge.amount_refunded = charge.amount - amount;
      }
      pi.amount_received = amount;
      pi.amount_capturable = 0;
      pi.status = "succeeded";
      this.touch();
      this.emit("charge.captured", charge, prevCharge);
      this.emit("payment_intent.succeeded", pi, { status: "requires_capture" });
      return this.renderPi(ctx, pi);
    });
    this.on("GET", "/v1/payment_intents", (ctx) => {
      const p = validate(ctx.params, { ...LIST, customer: S.str() });
      let items = this.store.all("payment_intent");
      if (p.customer) items = items.filter((o) => o.customer === p.customer);
      return this.list(p, items, "/v1/payment_intents");
    });

    // Subscriptions ------------------------------------------------------------------------
    this.on("POST", "/v1/subscriptions", (ctx) => {
      const p = validate(ctx.params, {
        customer: S.str({ required: true }),
        items: S.arr(S.obj({ price: S.str(), quantity: S.int({ min: 1 }), metadata: S.metadata() }), { required: true }),
        default_payment_method: S.str(),
        payment_behavior: S.str({ enum: ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] }),
        metadata: S.metadata(),
        description: S.str({ max: 500 }),
        cancel_at_period_end: S.bool(),
        collection_method: S.str({ enum: ["charge_automatically"] }),
        off_session: S.bool(),
        payment_settings: S.obj({ save_default_payment_method: S.str({ enum: ["off", "on_subscription"] }), payment_method_types: S.arr(S.str()), payment_method_options: S.any() }),
        proration_behavior: S.str(),
      });
      const customer = this.get(p.customer as string, "customer", "customer");
      const items = p.items as Obj[];
      if (items.length === 0) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
      const prices = items.map((item, i) => {
        if (!item.price) throw invalidRequest(`Missing required param: items[${i}][price].`, `items[${i}][price]`, "parameter_missing");
        const price = this.get(item.price, "price", `items[${i}][price]`);
        if (price.type !== "recurring") {
          throw invalidRequest("The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", `items[${i}][price]`);
        }
        if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, `items[${i}][price]`);
        return price;
      });
      const currency = prices[0].currency;
      const interval = prices[0].recurring;
      for (const [i, pr] of prices.entries()) {
        if (pr.currency !== currency) throw invalidRequest("All prices on a subscription must have the same `currency`.", `items[${i}][price]`);
        if (pr.recurring.interval !== interval.interval || pr.recurring.interval_count !== interval.interval_count) {
          throw invalidRequest("All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.", `items[${i}][price]`);
        }
      }
      const defaultPm = p.default_payment_method
        ? ownedPaymentMethod(this.e, p.default_payment_method as string, customer.id, "default_payment_method")
        : null;
      const behaviour = (p.payment_behavior as string) ?? "allow_incomplete";
      const start = nowSeconds();
      const end = addInterval(start, interval.interval, interval.interval_count);
      const subId = newId("sub");
      const subItems = items.map((item, i) => this.subscriptionItem(subId, prices[i], item.quantity ?? 1, start, end, item.metadata));
      const sub: Obj = {
        id: subId,
        object: "subscription",
        application: null,
        application_fee_percent: null,
        automatic_tax: { disabled_reason: null, enabled: false, liability: null },
        billing_cycle_anchor: start,
        billing_cycle_anchor_config: null,
        billing_mode: { flexible: null, type: "classic" },
        billing_schedules: [],
        billing_thresholds: null,
        cancel_at: null,
        cancel_at_period_end: false,
        canceled_at: null,
        cancellation_details: { comment: null, feedback: null, reason: null },
        collection_method: "charge_automatically",
        created: start,
        currency,
        customer: customer.id,
        customer_account: null,
        days_until_due: null,
        default_payment_method: defaultPm,
        default_source: null,
        default_tax_rates: [],
        description: (p.description as string) ?? null,
        discounts: [],
        ended_at: null,
        invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
        items: { object: "list", data: subItems, has_more: false, total_count: subItems.length, url: `/v1/subscription_items?subscription=${subId}` },
        latest_invoice: null,
        livemode: false,
        managed_payments: null,
        metadata: {},
        next_pending_invoice_item_invoice: null,
        on_behalf_of: null,
        pause_collection: null,
        payment_settings: {
          payment_method_options: null,
          payment_method_types: null,
          save_default_payment_method: ((p.payment_settings as Obj | undefined)?.save_default_payment_method as string) ?? "off",
        },
        pending_invoice_item_interval: null,
        pending_setup_intent: null,
        pending_update: null,
        schedule: null,
        start_date: start,
        status: "incomplete",
        test_clock: null,
        transfer_data: null,
        trial_end: null,
        trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
        trial_start: null,
      };
      this.applyMetadata(sub, p.metadata);
      const chargeablePm = defaultPm ?? customer.invoice_settings?.default_payment_method ?? null;
      if (behaviour !== "default_incomplete" && !chargeablePm && this.subtotal(sub) > 0) {
        throw invalidRequest(
          "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.",
          undefined,
          "resource_missing",
        );
      }
      this.store.insert(sub);
      for (const si of subItems) this.store.insert(si);
      if (p.cancel_at_period_end) {
        sub.cancel_at_period_end = true;
        sub.cancel_at = end;
      }
      this.emit("customer.subscription.created", sub);
      const { invoice, pi } = this.createSubscriptionInvoice(sub, "subscription_create", start, end);
      if (pi && behaviour !== "default_incomplete") {
        const error = this.tryConfirm(pi, { offSession: p.off_session === true, paymentMethod: chargeablePm });
        if (error && behaviour === "error_if_incomplete") {
          throw error;
        }
      } else if (!pi) {
        this.invoicePaid(invoice, null);
      }
      return this.render(this.get(sub.id, "subscription"), this.expandOf(ctx));
    });
    this.on("GET", "/v1/subscriptions/:id", (ctx, [id]) => {
      validate(ctx.params, {});
      return this.render(this.get(id, "subscription"), this.expandOf(ctx));
    });
    this.on("POST", "/v1/subscriptions/:id", (ctx, [id]) => {
      const p = validate(ctx.params, {
        cancel_at_period_end: S.bool(),
        default_payment_method: S.str({ nullable: true }),
        metadata: S.metadata(),
        description: S.str({ nullable: true }),
        items: S.arr(S.obj({ id: S.str(), price: S.str(), quantity: S.int({ min: 1 }), deleted: S.bool(), metadata: S.metadata() })),
        proration_behavior: S.str({ enum: ["always_invoice", "create_prorations", "none"] }),
        payment_behavior: S.str(),
        cancel_at: S.any(),
      });
      const sub = this.get(id, "subscription");
      if (sub.status === "canceled" || sub.status === "incomplete_expired") {
        throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, undefined, "resource_missing");
      }
      const prev: Obj = {};
      if (p.cancel_at_period_end !== undefined && p.cancel_at_period_end !== sub.cancel_at_period_end) {
        prev.cancel_at_period_end = sub.cancel_at_period_end;
        prev.cancel_at = sub.cancel_at;
        sub.cancel_at_period_end = p.cancel_at_period_end;
        sub.cancel_at = p.cancel_at_period_end ? this.periodEnd(sub) : null;
        sub.cancellation_details = { comment: null, feedback: null, reason: p.cancel_at_period_end ? "cancellation_requested" : null };
      }
      if (p.default_payment_method !== undefined) {
        prev.default_payment_method = sub.default_payment_method;
        sub.default_payment_method = p.default_payment_method ? ownedPaymentMethod(this.e, p.default_payment_method as string, sub.customer, "default_payment_method") : null;
      }
      Object.assign(prev, this.update(sub, p, ["metadata", "description"]));
      if (p.items) {
        prev.items = structuredClone(sub.items);
        this.updateSubscriptionItems(sub, p.items as Obj[]);
      }
      this.touch();
      if (Object.keys(prev).length) this.emit("customer.subscription.updated", sub, prev);
      return this.render(sub, this.expandOf(ctx));
    });
    this.on("DELETE", "/v1/subscriptions/:id", (ctx, [id]) => {
      validate(ctx.params, { invoice_now: S.bool(), prorate: S.bool(), cancellation_details: S.obj({ comment: S.str(), feedback: S.str() }) });
      const sub = this.get(id, "subscription");
      if (sub.status === "canceled" || sub.status === "incomplete_expired") {
        throw invalidRequest(`No such subscription: '${id}'`, "id", "resource_missing");
      }
      this.cancelSubscription(sub, "cancellation_requested", (ctx.params.cancellation_details as Obj | undefined) ?? undefined);
      return this.render(sub, this.expandOf(ctx));
    });
    this.on("GET", "/v1/subscriptions", (ctx) => {
      const p = validate(ctx.params, {
        ...LIST,
        customer: S.str(),
        price: S.str(),
        status: S.str({ enum: ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] }),
      });
      let items = this.store.all("subscription");
      if (p.customer) items = items.filter((o) => o.customer === p.customer);
      if (p.price) items = items.filter((o) => o.items.data.some((si: Obj) => si.price.id === p.price));
      const status = (p.status as string | undefined) ?? null;
      if (status === null) items = items.filter((o) => o.status !== "canceled" && o.status !== "incomplete_expired");
      else if (status === "ended") items = items.filter((o) => o.status === "canceled" || o.status === "incomplete_expired");
      else if (status !== "all") items = items.filter((o) => o.status === status);
      return this.list(p, items, "/v1/subscriptions");
    });

    // Invoices -----------------------------------------------------------------------------
    this.on("GET", "/v1/invoices/:id", (ctx, [id]) => {
      validate(ctx.params, {});
      return this.render(this.get(id, "invoice"), this.expandOf(ctx));
    });
    this.on("GET", "/v1/invoices", (ctx) => {
      const p = validate(ctx.params, { ...LIST, customer: S.str(), subscription: S.str(), status: S.str({ enum: ["draft", "open", "paid", "uncollectible", "void"] }), collection_method: S.str() });
      let items = this.store.all("invoice");
      if (p.customer) items = items.filter((o) => o.customer === p.customer);
      if (p.subscription) items = items.filter((o) => o.parent?.subscription_details?.subscription === p.subscription);
      if (p.status) items = items.filter((o) => o.status === p.status);
      return this.list(p, items, "/v1/invoices");
    });
    this.on("POST", "/v1/invoices/:id/pay", (ctx, [id]) => {
      const p = validate(ctx.params, { payment_method: S.str(), off_session: S.bool(), paid_out_of_band: S.bool() });
      const invoice = this.get(id, "invoice");
      if (invoice.status !== "open") throw invalidRequest(`Invoice is already ${invoice.status}.`, undefined, "invoice_not_editable");
      if (p.paid_out_of_band) {
        this.invoicePaid(invoice, null);
        return this.render(invoice, this.expandOf(ctx));
      }
      const piId = invoice.payments?.data?.[0]?.payment?.payment_intent;
      const pi = this.get(piId, "payment_intent");
      const sub = this.invoiceSubscription(invoice);
      const pm = p.payment_method
        ? ownedPaymentMethod(this.e, p.payment_method as string, invoice.customer, "payment_method")
        : pi.payment_method ?? sub?.default_payment_method ?? this.store.get(invoice.customer)?.invoice_settings?.default_payment_method ?? null;
      if (!pm) throw invalidRequest("This customer has no attached payment source or default payment method.", "payment_method", "invoice_no_customer_line_items");
      const error = this.tryConfirm(pi, { offSession: p.off_session !== false, paymentMethod: pm });
      if (error) throw error;
      return this.render(this.get(id, "invoice"), this.expandOf(ctx));
    });

  }

  // -------------------------------------------------------------------------------------------
  // Payment intents and charges

  private checkAmount(amount: number, currency: string): void {
    const min = minimumCharge(currency);
    if (amount < min) {
      throw invalidRequest(`Amount must be at least ${formatMoney(min, currency)} ${currency.toLowerCase()}`, "amount", "amount_too_small");
    }
  }

  private checkClientSecret(ctx: Ctx, pi: Obj): void {
    const given = ctx.params.client_secret as string | undefined;
    if (ctx.keyKind === "publishable" && !given) {
      throw invalidRequest("Missing required param: client_secret.", "client_secret", "parameter_missing");
    }
    if (given !== undefined && given !== pi.client_secret) {
      throw invalidRequest(
        "The client_secret provided does not match any associated PaymentIntent on this account. Ensure the publishable key used belongs to the same account that created the PaymentIntent.",
        "client_secret",
        "payment_intent_invalid_parameter",
      );
    }
  }

  private renderPi(ctx: Ctx, pi: Obj): Obj {
    const rendered = this.render(pi, ctx.keyKind === "publishable" ? [] : this.expandOf(ctx));
    return ctx.keyKind === "publishable" ? clientSafePaymentIntent(rendered) : rendered;
  }

  private unexpectedState(pi: Obj, action: string): StripeApiError {
    return new StripeApiError(
      400,
      "invalid_request_error",
      `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}.`,
      { code: "payment_intent_unexpected_state", payment_intent: this.render(pi) },
    );
  }

  private createPaymentIntent(fields: Obj): Obj {
    const id = newId("pi");
    const pi: Stripe.PaymentIntent = {
      id,
      object: "payment_intent",
      allowed_payment_method_types: null,
      amount: fields.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: fields.automatic_payment_methods ?? null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: fields.capture_method ?? "automatic_async",
      client_secret: `${id}_secret_${randomId(25)}`,
      confirmation_method: fields.confirmation_method ?? "automatic",
      created: nowSeconds(),
      currency: fields.currency,
      customer: fields.customer ?? null,
      customer_account: null,
      description: fields.description ?? null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
      } as Stripe.PaymentIntent.PaymentMethodOptions,
      payment_method_types: fields.payment_method_types ?? ["card"],
      payment_record: null,
      processing: null,
      receipt_email: fields.receipt_email ?? null,
      review: null,
      setup_future_usage: fields.setup_future_usage ?? null,
      shipping: null,
      source: null,
      statement_descriptor: fields.statement_descriptor ?? null,
      statement_descriptor_suffix: fields.statement_descriptor_suffix ?? null,
      status: "requires_payment_method",
      transfer_data: null,
      transfer_group: null,
    };
    this.store.insert(pi as unknown as Obj, fields.invoice ? { invoice: fields.invoice } : {});
    return pi as unknown as Obj;
  }

  /** Confirm inside another operation (subscriptions, invoices): returns the 402 error instead of throwing. */
  private tryConfirm(pi: Obj, opts: { offSession: boolean; paymentMethod: string | null }): StripeApiError | null {
    if (opts.paymentMethod) pi.payment_method = opts.paymentMethod;
    if (!pi.payment_method) return null;
    try {
      this.confirm(pi, { offSession: opts.offSession, useStripeSdk: false });
      return null;
    } catch (err) {
      if (err instanceof StripeApiError) return err;
      throw err;
    }
  }

  /** The card network's answer for the payment method: the heart of the test-card behaviours. */
  private confirm(pi: Obj, opts: { offSession: boolean; returnUrl?: string; useStripeSdk: boolean; errorOnRequiresAction?: boolean }): void {
    const pm = this.get(pi.payment_method, "payment_method", "payment_method");
    const pmMeta = this.store.meta(pm.id);
    const piMeta = this.store.meta(pi.id);
    let behaviour: CardBehaviour = pmMeta.behaviour ?? "succeed";
    if (pmMeta.failNext) {
      pmMeta.failNext = false;
      behaviour = "decline_generic";
    }
    const previousStatus = pi.status;
    pi.last_payment_error = null;
    pi.next_action = null;

    if ((behaviour === "three_d_secure" || behaviour === "three_d_secure_always") && !piMeta.authenticated) {
      if (opts.offSession) {
        this.decline(pi, pm, DECLINES.authentication_required);
      }
      if (opts.errorOnRequiresAction) {
        this.decline(pi, pm, DECLINES.authentication_required);
      }
      pi.status = "requires_action";
      const challengeUrl = `${this.opts.baseUrl()}/_emulator/3ds/${pi.id}`;
      if (opts.returnUrl && !opts.useStripeSdk) {
        pi.next_action = {
          type: "redirect_to_url",
          redirect_to_url: { return_url: opts.returnUrl, url: `${challengeUrl}?return_url=${encodeURIComponent(opts.returnUrl)}` },
        };
      } else {
        pi.next_action = {
          type: "use_stripe_sdk",
          use_stripe_sdk: {
            type: "stripe_3ds2_fingerprint",
            three_d_secure_2_source: `src_${randomId(24)}`,
            directory_server_name: pm.card.brand,
            server_transaction_id: randomId(32),
            three_ds_method_url: "",
            three_ds_optimizations: "",
            emulator_challenge_url: challengeUrl,
          },
        };
      }
      if (opts.returnUrl) piMeta.returnUrl = opts.returnUrl;
      this.touch();
      if (previousStatus !== "requires_action") this.emit("payment_intent.requires_action", pi, { status: previousStatus });
      return;
    }

    if (behaviour !== "succeed" && behaviour !== "three_d_secure" && behaviour !== "three_d_secure_always") {
      this.decline(pi, pm, DECLINES[behaviour]);
    }

    // Success
    const manual = pi.capture_method === "manual";
    const charge = this.createCharge(pi, pm, { succeeded: true, captured: !manual, threeDS: piMeta.authenticated === true });
    pi.latest_charge = charge.id;
    if (manual) {
      pi.status = "requires_capture";
      pi.amount_capturable = pi.amount;
    } else {
      pi.status = "succeeded";
      pi.amount_received = pi.amount;
    }
    piMeta.authenticated = false;
    if (pi.customer && pi.setup_future_usage && !pm.customer) {
      pm.customer = pi.customer;
      this.emit("payment_method.attached", pm, { customer: null });
    }
    this.touch();
    this.emit("charge.succeeded", charge);
    if (manual) this.emit("payment_intent.amount_capturable_updated", pi, { amount_capturable: 0, status: previousStatus });
    else this.emit("payment_intent.succeeded", pi, { status: previousStatus });
    if (piMeta.invoice && !manual) {
      const invoice = this.store.get(piMeta.invoice);
      if (invoice) this.invoicePaid(invoice, pi);
    }
  }

  /** Record a declined attempt (failed charge, events) and throw Stripe's 402 card_error. */
  private decline(pi: Obj, pm: Obj, d: { code: string; decline_code: string; message: string }): never {
    const previousStatus = pi.status;
    const charge = this.createCharge(pi, pm, { succeeded: false, captured: false, decline: d, threeDS: false });
    const pmRendered = this.render(pm);
    pi.status = "requires_payment_method";
    pi.latest_charge = charge.id;
    pi.payment_method = null;
    pi.next_action = null;
    pi.last_payment_error = {
      charge: charge.id,
      code: d.code,
      decline_code: d.decline_code,
      doc_url: `https://docs.stripe.com/error-codes/${d.code.replace(/_/g, "-")}`,
      message: d.message,
      payment_method: pmRendered,
      type: "card_error",
    };
    this.store.meta(pi.id).authenticated = false;
    this.touch();
    this.emit("charge.failed", charge);
    this.emit("payment_intent.payment_failed", pi, previousStatus !== "requires_payment_method" ? { status: previousStatus } : undefined);
    this.invoiceAttemptFailed(pi);
    throw new StripeApiError(402, "card_error", d.message, {
      code: d.code,
      decline_code: d.decline_code,
      charge: charge.id,
      payment_intent: this.render(pi),
      payment_method: pmRendered,
    });
  }

  private createCharge(pi: Obj, pm: Obj, o: { succeeded: boolean; captured: boolean; decline?: { code: string; decline_code: string; message: string }; threeDS: boolean }): Obj {
    const card = pm.card;
    const charge: Stripe.Charge = {
      id: newId("ch"),
      object: "charge",
      amount: pi.amount,
      amount_captured: o.captured ? pi.amount : 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: o.succeeded ? newId("txn") : null,
      billing_details: structuredClone(pm.billing_details),
      calculated_statement_descriptor: "CASHLINE",
      captured: o.captured,
      created: nowSeconds(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: o.decline?.code ?? null,
      failure_message: o.decline?.message ?? null,
      fraud_details: {},
      livemode: false,
      metadata: structuredClone(pi.metadata),
      on_behalf_of: null,
      outcome: o.succeeded
        ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: "approved_by_network", reason: null, risk_level: "normal", risk_score: 20, seller_message: "Payment complete.", type: "authorized" }
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: "declined_by_network",
            reason: o.decline?.decline_code ?? null,
            risk_level: "normal",
            risk_score: 20,
            seller_message: "The bank did not return any further details with this decline.",
            type: "issuer_declined",
          },
      paid: o.succeeded,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: {
        card: {
          amount_authorized: o.succeeded ? pi.amount : null,
          authorization_code: o.succeeded ? String(100000 + Math.floor(Math.random() * 899999)) : null,
          brand: card.brand,
          checks: structuredClone(card.checks),
          country: card.country,
          exp_month: card.exp_month,
          exp_year: card.exp_year,
          fingerprint: card.fingerprint,
          funding: card.funding,
          installments: null,
          last4: card.last4,
          mandate: null,
          network: card.brand,
          network_token: { used: false },
          network_transaction_id: o.succeeded ? randomId(15) : null,
          regulated_status: "unregulated",
          three_d_secure: o.threeDS ? { authentication_flow: "challenge", result: "authenticated", result_reason: null, version: "2.2.0" } : null,
          wallet: null,
        },
        type: "card",
      } as unknown as Stripe.Charge.PaymentMethodDetails,
      radar_options: {},
      receipt_email: pi.receipt_email,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      refunds: { object: "list", data: [], has_more: false, total_count: 0, url: "" } as unknown as Stripe.ApiList<Stripe.Refund>,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: pi.statement_descriptor,
      statement_descriptor_suffix: pi.statement_descriptor_suffix,
      status: o.succeeded ? "succeeded" : "failed",
      transfer_data: null,
      transfer_group: null,
    };
    (charge.refunds as unknown as Obj).url = `/v1/charges/${charge.id}/refunds`;
    this.store.insert(charge as unknown as Obj);
    return charge as unknown as Obj;
  }

  /** Test helper: finish (or fail) the 3-D Secure challenge of a `requires_action` PaymentIntent. */
  completeThreeDSecure(id: string, outcome: "complete" | "fail"): Obj {
    const pi = this.get(id, "payment_intent");
    if (pi.status !== "requires_action") throw this.unexpectedState(pi, "authenticate");
    if (outcome === "complete") {
      this.store.meta(pi.id).authenticated = true;
      try {
        this.confirm(pi, { offSession: false, useStripeSdk: true });
      } catch (err) {
        if (!(err instanceof StripeApiError)) throw err;
      }
      return this.render(pi);
    }
    const pm = this.store.get(pi.payment_method);
    pi.status = "requires_payment_method";
    pi.next_action = null;
    pi.payment_method = null;
    pi.last_payment_error = {
      code: "payment_intent_authentication_failure",
      doc_url: "https://docs.stripe.com/error-codes/payment-intent-authentication-failure",
      message:
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
      payment_method: pm ? this.render(pm) : undefined,
      type: "invalid_request_error",
    };
    this.touch();
    this.emit("payment_intent.payment_failed", pi, { status: "requires_action" });
    this.invoiceAttemptFailed(pi);
    return this.render(pi);
  }

  /** Test helper: make the next charge on this payment method decline (generic_decline). */
  failNext(id: string): Obj {
    const pm = this.get(id, "payment_method");
    this.store.meta(pm.id).failNext = true;
    this.touch();
    return this.render(pm);
  }

  returnUrlOf(piId: string): string | undefined {
    return this.store.meta(piId).returnUrl;
  }

  // -------------------------------------------------------------------------------------------
  // Subscriptions and invoices

  private subscriptionItem(subId: string, price: Obj, quantity: number, start: number, end: number, metadata?: unknown): Obj {
    const item: Stripe.SubscriptionItem = {
      id: newId("si"),
      object: "subscription_item",
      billing_thresholds: null,
      created: nowSeconds(),
      current_period_end: end,
      current_period_start: start,
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: planFromPrice(price),
      price: structuredClone(price) as Stripe.Price,
      quantity,
      subscription: subId,
      tax_rates: [],
    };
    this.applyMetadata(item, metadata);
    return item as unknown as Obj;
  }

  private updateSubscriptionItems(sub: Obj, changes: Obj[]): void {
    const first = sub.items.data[0];
    for (const [i, change] of changes.entries()) {
      if (change.id) {
        const idx = sub.items.data.findIndex((si: Obj) => si.id === change.id);
        if (idx === -1) throw missing("subscription_item", change.id, `items[${i}][id]`);
        const si = sub.items.data[idx];
        if (change.deleted) {
          sub.items.data.splice(idx, 1);
          this.store.get(si.id)!.deleted = true;
          continue;
        }
        if (change.price) {
          const price = this.get(change.price, "price", `items[${i}][price]`);
          si.price = structuredClone(price);
          si.plan = planFromPrice(price);
        }
        if (change.quantity) si.quantity = change.quantity;
        this.applyMetadata(si, change.metadata);
        this.store.data.objects[si.id] = si;
      } else if (change.price) {
        const price = this.get(change.price, "price", `items[${i}][price]`);
        const si = this.subscriptionItem(sub.id, price, change.quantity ?? 1, first?.current_period_start ?? nowSeconds(), first?.current_period_end ?? nowSeconds(), change.metadata);
        sub.items.data.push(si);
        this.store.insert(si);
      } else {
        throw invalidRequest(`Missing required param: items[${i}][price].`, `items[${i}][price]`, "parameter_missing");
      }
    }
    if (sub.items.data.length === 0) throw invalidRequest("A subscription must have at least one active plan.", "items");
    sub.items.total_count = sub.items.data.length;
  }

  private periodEnd(sub: Obj): number {
    return Math.max(...sub.items.data.map((si: Obj) => si.current_period_end));
  }

  private subtotal(sub: Obj): number {
    return sub.items.data.reduce((sum: number, si: Obj) => sum + si.price.unit_amount * (si.quantity ?? 1), 0);
  }

  private invoiceSubscription(invoice: Obj): Obj | undefined {
    const subId = invoice.parent?.subscription_details?.subscription;
    return subId ? this.store.get(subId) : undefined;
  }

  private createSubscriptionInvoice(sub: Obj, reason: "subscription_create" | "subscription_cycle", start: number, end: number): { invoice: Obj; pi: Obj | null } {
    const customer = this.store.get(sub.customer)!;
    const id = newId("in");
    const created = nowSeconds();
    const lines = sub.items.data.map((si: Obj) => {
      const product = this.store.get(si.price.product);
      const qty = si.quantity ?? 1;
      return {
        id: newId("il"),
        object: "line_item",
        amount: si.price.unit_amount * qty,
        currency: sub.currency,
        description: `${qty} × ${product?.name ?? "Subscription"} (at ${formatMoney(si.price.unit_amount, sub.currency)} / ${si.price.recurring.interval})`,
        discount_amounts: [],
        discountable: true,
        discounts: [],
        invoice: id,
        livemode: false,
        metadata: {},
        parent: {
          invoice_item_details: null,
          subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: sub.id, subscription_item: si.id },
          type: "subscription_item_details",
        },
        period: { end, start },
        pretax_credit_amounts: [],
        pricing: { price_details: { price: si.price.id, product: si.price.product }, type: "price_details", unit_amount_decimal: String(si.price.unit_amount) },
        quantity: qty,
        subscription: sub.id,
        taxes: [],
      };
    });
    const total = lines.reduce((s: number, l: Obj) => s + l.amount, 0);
    const invoice: Stripe.Invoice = {
      id,
      object: "invoice",
      account_country: "US",
      account_name: "Cashline (emulated)",
      account_tax_ids: null,
      amount_due: total,
      amount_overpaid: 0,
      amount_paid: 0,
      amount_remaining: total,
      amount_shipping: 0,
      application: null,
      attempt_count: 0,
      attempted: false,
      auto_advance: true,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
      automatically_finalizes_at: null,
      billing_reason: reason,
      collection_method: "charge_automatically",
      confirmation_secret: null,
      created,
      currency: sub.currency,
      custom_fields: null,
      customer: sub.customer,
      customer_account: null,
      customer_address: customer.address ?? null,
      customer_email: customer.email ?? null,
      customer_name: customer.name ?? null,
      customer_phone: customer.phone ?? null,
      customer_shipping: customer.shipping ?? null,
      customer_tax_exempt: "none",
      customer_tax_ids: [],
      default_payment_method: null,
      default_source: null,
      default_tax_rates: [],
      description: null,
      discounts: [],
      due_date: null,
      effective_at: created,
      ending_balance: 0,
      footer: null,
      from_invoice: null,
      hosted_invoice_url: `${this.opts.baseUrl()}/_emulator/invoices/${id}`,
      invoice_pdf: null,
      issuer: { type: "self" },
      last_finalization_error: null,
      latest_revision: null,
      lines: { object: "list", data: lines as unknown as Stripe.InvoiceLineItem[], has_more: false, url: `/v1/invoices/${id}/lines` } as Stripe.ApiList<Stripe.InvoiceLineItem>,
      livemode: false,
      metadata: {},
      next_payment_attempt: null,
      number: this.store.nextInvoiceNumber(),
      on_behalf_of: null,
      parent: {
        quote_details: null,
        subscription_details: { metadata: structuredClone(sub.metadata), subscription: sub.id },
        type: "subscription_details",
      } as Stripe.Invoice.Parent,
      payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
      payments: { object: "list", data: [], has_more: false, url: "/v1/invoice_payments" } as unknown as Stripe.ApiList<Stripe.InvoicePayment>,
      period_end: reason === "subscription_create" ? start : start,
      period_start: reason === "subscription_create" ? start : start,
      post_payment_credit_notes_amount: 0,
      pre_payment_credit_notes_amount: 0,
      receipt_number: null,
      rendering: null,
      shipping_cost: null,
      shipping_details: null,
      starting_balance: 0,
      statement_descriptor: null,
      status: "draft",
      status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
      subtotal: total,
      subtotal_excluding_tax: total,
      test_clock: null,
      total,
      total_discount_amounts: [],
      total_excluding_tax: total,
      total_pretax_credit_amounts: [],
      total_taxes: [],
      webhooks_delivered_at: created,
    };
    const inv = invoice as unknown as Obj;
    this.store.insert(inv);
    sub.latest_invoice = id;
    this.emit("invoice.created", inv);
    // Finalize: an open invoice with its PaymentIntent.
    inv.status = "open";
    inv.status_transitions.finalized_at = created;
    let pi: Obj | null = null;
    if (total > 0) {
      pi = this.createPaymentIntent({
        amount: total,
        currency: sub.currency,
        customer: sub.customer,
        description: reason === "subscription_create" ? "Subscription creation" : "Subscription update",
        setup_future_usage: "off_session",
        capture_method: "automatic",
        payment_method_types: ["card"],
        invoice: id,
      });
      inv.confirmation_secret = { client_secret: pi.client_secret, type: "payment_intent" };
      inv.payments.data.push({
        id: `inpay_${randomId(24)}`,
        object: "invoice_payment",
        amount_paid: null,
        amount_requested: total,
        created,
        currency: sub.currency,
        invoice: id,
        is_default: true,
        livemode: false,
        payment: { payment_intent: pi.id, type: "payment_intent" },
        status: "open",
        status_transitions: { canceled_at: null, paid_at: null },
      });
      this.emit("payment_intent.created", pi);
    }
    this.touch();
    this.emit("invoice.finalized", inv, { status: "draft" });
    return { invoice: inv, pi };
  }

  /** Keep a subscription invoice in step when its PaymentIntent amount changes (rare; Stripe forbids it). */
  private syncInvoiceAmount(pi: Obj): void {
    const invoiceId = this.store.meta(pi.id).invoice;
    if (invoiceId) throw invalidRequest("You cannot update the amount of a PaymentIntent created by an invoice.", "amount");
  }

  private invoicePaid(invoice: Obj, pi: Obj | null): void {
    if (invoice.status === "paid") return;
    const now = nowSeconds();
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.attempted = invoice.amount_due > 0 || invoice.attempted;
    if (pi) invoice.attempt_count += 1;
    invoice.status_transitions.paid_at = now;
    invoice.next_payment_attempt = null;
    for (const payment of invoice.payments?.data ?? []) {
      if (pi && payment.payment.payment_intent === pi.id) {
        payment.status = "paid";
        payment.amount_paid = pi.amount_received;
        payment.status_transitions.paid_at = now;
      }
    }
    this.touch();
    this.emit("invoice.paid", invoice, { status: "open", amount_paid: 0, amount_remaining: invoice.amount_due });
    this.emit("invoice.payment_succeeded", invoice);
    const sub = this.invoiceSubscription(invoice);
    if (!sub) return;
    const prev: Obj = {};
    if (sub.status === "incomplete" || sub.status === "past_due" || sub.status === "unpaid") {
      prev.status = sub.status;
      sub.status = "active";
    }
    if (pi?.payment_method && !sub.default_payment_method && sub.payment_settings?.save_default_payment_method === "on_subscription") {
      prev.default_payment_method = null;
      sub.default_payment_method = pi.payment_method;
    }
    if (Object.keys(prev).length) {
      this.touch();
      this.emit("customer.subscription.updated", sub, prev);
    }
  }

  private invoiceAttemptFailed(pi: Obj): void {
    const invoiceId = this.store.meta(pi.id).invoice;
    if (!invoiceId) return;
    const invoice = this.store.get(invoiceId);
    if (!invoice || invoice.status !== "open") return;
    invoice.attempted = true;
    invoice.attempt_count += 1;
    this.touch();
    this.emit("invoice.payment_failed", invoice);
    const sub = this.invoiceSubscription(invoice);
    if (sub && sub.status === "active" && invoice.billing_reason === "subscription_cycle") {
      sub.status = "past_due";
      this.emit("customer.subscription.updated", sub, { status: "active" });
    }
  }

  private cancelSubscription(sub: Obj, reason: string, details?: Obj): void {
    const prev = { status: sub.status, canceled_at: null, ended_at: null };
    const now = nowSeconds();
    sub.status = "canceled";
    sub.canceled_at = now;
    sub.ended_at = now;
    sub.cancel_at_period_end = false;
    sub.cancellation_details = { comment: details?.comment ?? null, feedback: details?.feedback ?? null, reason };
    // The open invoice of an incomplete subscription is voided with it.
    const latest = sub.latest_invoice ? this.store.get(sub.latest_invoice) : undefined;
    if (latest && latest.status === "open" && prev.status === "incomplete") {
      latest.status = "void";
      latest.status_transitions.voided_at = now;
      this.emit("invoice.voided", latest, { status: "open" });
    }
    this.touch();
    this.emit("customer.subscription.deleted", sub, prev);
  }

  /** Test helper: move a subscription to its next period, invoicing and charging it. */
  advanceSubscription(id: string): { subscription: Obj; invoice: Obj | null } {
    const sub = this.get(id, "subscription");
    if (sub.status === "canceled" || sub.status === "incomplete_expired") {
      throw invalidRequest(`Subscription ${id} is ${sub.status} and cannot be advanced.`, undefined, "subscription_unexpected_state");
    }
    if (sub.status === "incomplete") {
      // Stripe expires an unpaid first invoice after 23 hours.
      const prevStatus = sub.status;
      sub.status = "incomplete_expired";
      sub.ended_at = nowSeconds();
      const latest = sub.latest_invoice ? this.store.get(sub.latest_invoice) : undefined;
      if (latest && latest.status === "open") {
        latest.status = "void";
        latest.status_transitions.voided_at = nowSeconds();
      }
      this.touch();
      this.emit("customer.subscription.updated", sub, { status: prevStatus });
      return { subscription: this.render(sub), invoice: null };
    }
    if (sub.cancel_at_period_end) {
      this.cancelSubscription(sub, "cancellation_requested");
      return { subscription: this.render(sub), invoice: null };
    }
    const first = sub.items.data[0];
    const start = first.current_period_end;
    const end = addInterval(start, first.price.recurring.interval, first.price.recurring.interval_count);
    const prevItems = structuredClone(sub.items);
    for (const si of sub.items.data as Obj[]) {
      si.current_period_start = start;
      si.current_period_end = end;
      this.store.data.objects[si.id] = si;
    }
    this.touch();
    this.emit("customer.subscription.updated", sub, { items: prevItems, latest_invoice: sub.latest_invoice });
    const { invoice, pi } = this.createSubscriptionInvoice(sub, "subscription_cycle", start, end);
    if (pi) {
      const customer = this.store.get(sub.customer);
      const pm = sub.default_payment_method ?? customer?.invoice_settings?.default_payment_method ?? null;
      if (pm) {
        this.tryConfirm(pi, { offSession: true, paymentMethod: pm });
      } else {
        this.invoiceAttemptFailed(pi);
      }
    } else {
      this.invoicePaid(invoice, null);
    }
    return { subscription: this.render(this.get(id, "subscription")), invoice: this.render(this.get(invoice.id, "invoice")) };
  }

}

function planFromPrice(price: Obj): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount) as never,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring.interval,
    interval_count: price.recurring.interval_count,
    livemode: false,
    metadata: structuredClone(price.metadata),
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  } as Stripe.Plan;
}

export function addInterval(from: number, interval: string, count = 1): number {
  const d = new Date(from * 1000);
  switch (interval) {
    case "day":
      d.setUTCDate(d.getUTCDate() + count);
      break;
    case "week":
      d.setUTCDate(d.getUTCDate() + 7 * count);
      break;
    case "month": {
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + count);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      break;
    }
    case "year":
      d.setUTCFullYear(d.getUTCFullYear() + count);
      break;
  }
  return Math.floor(d.getTime() / 1000);
}
