/**
 * `/v1/setup_intents`: create, retrieve, update, confirm, cancel, list. Saving a card without
 * paying: confirmation runs the card check Stripe runs when attaching (a decline is recorded as
 * `last_setup_error`, `setup_intent.setup_failed` and a 402), asks for 3-D Secure where the test
 * card needs it (`requires_action`), and on success attaches the payment method to the intent's
 * customer. Stripe.js calls retrieve and confirm with the publishable key and the client secret.
 */
import type Stripe from "stripe";
import { DECLINES } from "../cards";
import { needsAuthentication, threeDSecureNextAction } from "../card-network";
import type { Ctx, Engine } from "../engine";
import { invalidRequest, missing, StripeApiError } from "../errors";
import { S, validate, type WithCommon } from "../params";
import { checkUsableFor, DECLINED_AT_ATTACH, findPaymentMethod, prepareFromData, save, type CardRef, type PaymentMethodData } from "../payment-methods";
import { newId, nowSeconds, randomId, type Obj } from "../store";
import { listRoute, type Router } from "./factory";
import { AUTOMATIC_PAYMENT_METHODS, PAYMENT_METHOD_DATA } from "./schemas";

/** The SetupIntent fields a publishable key may read (what `stripe.retrieveSetupIntent` answers). */
const CLIENT_SAFE_FIELDS = [
  "id", "object", "automatic_payment_methods", "cancellation_reason", "client_secret", "created", "description", "last_setup_error",
  "livemode", "next_action", "payment_method", "payment_method_types", "status", "usage",
];

const USAGE = S.str({ enum: ["off_session", "on_session"] });

const UPDATE = {
  customer: S.str(),
  description: S.str({ max: 1000 }),
  metadata: S.metadata(),
  payment_method: S.str(),
  payment_method_data: PAYMENT_METHOD_DATA,
  // The pinned API version names the types a SetupIntent may use `allowed_payment_method_types`.
  allowed_payment_method_types: S.arr(S.str()),
  payment_method_options: S.any(),
  attach_to_self: S.bool(),
  flow_directions: S.arr(S.str({ enum: ["inbound", "outbound"] })),
};

const CREATE = {
  ...UPDATE,
  usage: USAGE,
  confirm: S.bool(),
  automatic_payment_methods: AUTOMATIC_PAYMENT_METHODS,
  return_url: S.str(),
  use_stripe_sdk: S.bool(),
  mandate_data: S.any(),
};

/** What both confirmations take. */
const CONFIRM_BASE = {
  client_secret: S.str(),
  payment_method: S.str(),
  payment_method_data: PAYMENT_METHOD_DATA,
  return_url: S.str(),
  use_stripe_sdk: S.bool(),
  mandate_data: S.any(),
};

/** Confirmation with a secret key. */
const CONFIRM = { ...CONFIRM_BASE, payment_method_options: S.any(), allowed_payment_method_types: S.arr(S.str()) };

/** Confirmation by Stripe.js (publishable key): the client secret required. */
const CONFIRM_PUBLISHABLE = { ...CONFIRM_BASE, client_secret: S.str({ required: true }), key: S.any() };

const UPDATABLE = ["customer", "description", "metadata", "attach_to_self", "flow_directions"] as const;

function getSetupIntent(e: Engine, id: string): Obj {
  const si = e.store.get(id);
  if (!si || si.object !== "setup_intent") throw missing("setupintent", id);
  return si;
}

function renderSetupIntent(e: Engine, ctx: Ctx, si: Obj, expand: readonly string[] = []): Obj {
  if (ctx.keyKind !== "publishable") return e.render(si, expand);
  return clientSafeSetupIntent(e.render(si));
}

/** The client-safe fields of a rendered SetupIntent. */
export function clientSafeSetupIntent(si: Obj): Obj {
  const out: Obj = {};
  for (const key of CLIENT_SAFE_FIELDS) if (key in si) out[key] = si[key];
  return out;
}

function unexpectedState(e: Engine, si: Obj, action: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", `You cannot ${action} this SetupIntent because it has a status of ${si.status}.`, {
    code: "setup_intent_unexpected_state",
    setup_intent: e.render(si),
  });
}

function checkClientSecret(ctx: Ctx, given: string | undefined, si: Obj): void {
  if (ctx.keyKind === "publishable" && !given) throw invalidRequest("Missing required param: client_secret.", "client_secret", "parameter_missing");
  if (given !== undefined && given !== si.client_secret) {
    throw invalidRequest(
      "The client_secret provided does not match any associated SetupIntent on this account. Ensure the publishable key used belongs to the same account that created the SetupIntent.",
      "client_secret",
      "setup_intent_invalid_parameter",
    );
  }
}

/** The payment method a request gives (`payment_method_data` wins), checked but not yet stored. */
function requestedPaymentMethod(e: Engine, p: { payment_method?: string; payment_method_data?: PaymentMethodData }): CardRef | null {
  if (p.payment_method_data) return prepareFromData(e, p.payment_method_data);
  if (p.payment_method) return findPaymentMethod(e, p.payment_method, "payment_method");
  return null;
}

/**
 * A payment method attached to another customer cannot be set up for this one, and a one-off
 * payment method already used (or detached) cannot be set up at all.
 */
function checkOwner(ref: CardRef | null, customer: string | null): void {
  if (ref?.pm.customer && customer && ref.pm.customer !== customer) {
    throw invalidRequest(`The provided PaymentMethod (${ref.pm.id}) was previously used with a different Customer.`, "payment_method");
  }
  if (ref && !ref.pm.customer) checkUsableFor(ref, customer, "payment_method");
}

/** Cards are the only payment method type the emulator knows. */
function checkAllowedTypes(types: readonly string[]): void {
  for (const [i, t] of types.entries()) {
    if (t !== "card") throw invalidRequest(`The payment method type "${t}" is invalid or not supported by the emulator.`, `allowed_payment_method_types[${i}]`, "payment_method_type_invalid");
  }
}

/** Explicit types replace automatic payment methods. */
function setAllowedTypes(si: Obj, types: string[], prev: Obj): void {
  prev.allowed_payment_method_types = si.allowed_payment_method_types;
  prev.automatic_payment_methods = si.automatic_payment_methods;
  si.allowed_payment_method_types = types;
  si.payment_method_types = types;
  si.automatic_payment_methods = null;
}

function newSetupIntent(p: WithCommon<typeof CREATE>): Stripe.SetupIntent {
  const id = newId("seti");
  const allowed = p.allowed_payment_method_types ?? null;
  const automatic = allowed ? null : { allow_redirects: p.automatic_payment_methods?.allow_redirects ?? "always", enabled: p.automatic_payment_methods?.enabled ?? true };
  return {
    id,
    object: "setup_intent",
    allowed_payment_method_types: allowed,
    application: null,
    ...(p.attach_to_self !== undefined ? { attach_to_self: p.attach_to_self } : {}),
    automatic_payment_methods: automatic,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomId(32)}`,
    created: nowSeconds(),
    customer: p.customer ?? null,
    customer_account: null,
    description: p.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: p.flow_directions ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: allowed ?? ["card"],
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: p.usage ?? "off_session",
  };
}

interface SetupOptions {
  returnUrl?: string;
  useStripeSdk: boolean;
}

/**
 * Confirm `si` with its payment method: the card check (a decline is recorded and thrown as a
 * 402), 3-D Secure where the card needs it, else success (the card attached to the customer).
 */
function confirmSetup(e: Engine, si: Obj, opts: SetupOptions): void {
  const pm = e.get(si.payment_method, "payment_method", "payment_method");
  const pmMeta = e.meta(pm.id);
  const behaviour = pmMeta.behaviour ?? "succeed";
  const siMeta = e.meta(si.id);
  const previousStatus = si.status;
  si.last_setup_error = null;
  si.next_action = null;
  si.latest_attempt = newId("setatt");
  if (needsAuthentication(behaviour) && !siMeta.authenticated) {
    si.status = "requires_action";
    si.next_action = threeDSecureNextAction(e, si.id, pm, opts);
    if (opts.returnUrl) siMeta.returnUrl = opts.returnUrl;
    e.touch();
    if (previousStatus !== "requires_action") e.emit("setup_intent.requires_action", si, { status: previousStatus });
    return;
  }
  if (DECLINED_AT_ATTACH.includes(behaviour)) {
    const d = DECLINES[behaviour];
    setupFailed(e, si, pm, { code: d.code, decline_code: d.decline_code, message: d.message, type: "card_error" }, previousStatus);
    throw new StripeApiError(402, "card_error", d.message, { code: d.code, decline_code: d.decline_code, payment_method: e.render(pm), setup_intent: e.render(si) });
  }
  const authenticated = siMeta.authenticated === true;
  siMeta.authenticated = false;
  si.status = "succeeded";
  if (authenticated && si.usage === "off_session") pmMeta.setUpOffSession = true;
  if (si.customer && !pm.customer) {
    pm.customer = si.customer;
    e.touch();
    e.emit("payment_method.attached", pm, { customer: null });
  }
  e.touch();
  e.emit("setup_intent.succeeded", si, { status: previousStatus });
}

function setupFailed(e: Engine, si: Obj, pm: Obj, error: { code: string; decline_code?: string; message: string; type: string }, previousStatus: string): void {
  si.status = "requires_payment_method";
  si.payment_method = null;
  si.next_action = null;
  si.last_setup_error = {
    code: error.code,
    ...(error.decline_code ? { decline_code: error.decline_code } : {}),
    doc_url: `https://docs.stripe.com/error-codes/${error.code.replace(/_/g, "-")}`,
    message: error.message,
    payment_method: e.render(pm),
    type: error.type,
  };
  e.meta(si.id).authenticated = false;
  e.touch();
  e.emit("setup_intent.setup_failed", si, previousStatus !== "requires_payment_method" ? { status: previousStatus } : undefined);
}

/** Test helper: finish (or fail) the 3-D Secure challenge of a `requires_action` SetupIntent. */
export function completeSetupThreeDSecure(e: Engine, id: string, outcome: "complete" | "fail"): Obj {
  const si = getSetupIntent(e, id);
  if (si.status !== "requires_action") throw unexpectedState(e, si, "authenticate");
  if (outcome === "complete") {
    e.meta(si.id).authenticated = true;
    confirmSetup(e, si, { useStripeSdk: true });
    return e.render(si);
  }
  const pm = e.get(si.payment_method, "payment_method");
  setupFailed(
    e,
    si,
    pm,
    {
      code: "setup_intent_authentication_failure",
      message: "The latest attempt to set up the payment method has failed because authentication failed.",
      type: "invalid_request_error",
    },
    "requires_action",
  );
  return e.render(si);
}

export function setupIntentRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/setup_intents", (ctx) => {
    const p = validate(ctx.params, CREATE);
    if (p.automatic_payment_methods && p.allowed_payment_method_types) {
      throw invalidRequest("You may only specify one of these parameters: allowed_payment_method_types, automatic_payment_methods.", "automatic_payment_methods");
    }
    if (p.return_url && !p.confirm) throw invalidRequest("You can only use return_url when confirm is true.", "return_url");
    if (p.allowed_payment_method_types) checkAllowedTypes(p.allowed_payment_method_types);
    if (p.customer) e.get(p.customer, "customer", "customer");
    const pm = requestedPaymentMethod(e, p);
    checkOwner(pm, p.customer ?? null);
    if (p.confirm && !pm) {
      throw invalidRequest(
        "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        "payment_method",
        "setup_intent_unexpected_state",
      );
    }
    const si = newSetupIntent(p);
    e.applyMetadata(si, p.metadata);
    e.checkExpand(si, p.expand);
    // Everything checked: apply.
    e.insert(si);
    if (pm) {
      si.payment_method = save(e, pm).id;
      si.status = "requires_confirmation";
    }
    e.emit("setup_intent.created", si);
    if (p.confirm) confirmSetup(e, si, { returnUrl: p.return_url, useStripeSdk: p.use_stripe_sdk === true });
    return e.render(si, p.expand);
  });

  r.on(
    "GET",
    "/v1/setup_intents/:id",
    (ctx, [id]) => {
      const p = validate(ctx.params, { client_secret: S.str() });
      const si = getSetupIntent(e, id);
      checkClientSecret(ctx, p.client_secret, si);
      return renderSetupIntent(e, ctx, si, p.expand);
    },
    { publishable: true },
  );

  r.on("POST", "/v1/setup_intents/:id", (ctx, [id]) => {
    const p = validate(ctx.params, UPDATE);
    const si = getSetupIntent(e, id);
    if (si.status === "succeeded" || si.status === "canceled" || si.status === "processing") throw unexpectedState(e, si, "update");
    if (p.customer) e.get(p.customer, "customer", "customer");
    if (p.customer && si.customer && p.customer !== si.customer) {
      throw invalidRequest("You cannot change the customer of a SetupIntent once it is set.", "customer");
    }
    if (p.allowed_payment_method_types) checkAllowedTypes(p.allowed_payment_method_types);
    const pm = requestedPaymentMethod(e, p);
    checkOwner(pm, p.customer ?? si.customer);
    e.checkExpand(si, p.expand);
    // Everything checked: apply.
    const prev = e.update(si, p, UPDATABLE);
    if (p.allowed_payment_method_types) setAllowedTypes(si, p.allowed_payment_method_types, prev);
    if (pm) {
      prev.payment_method = si.payment_method;
      si.payment_method = save(e, pm).id;
      e.meta(si.id).authenticated = false;
      if (si.status !== "requires_confirmation") {
        prev.status = si.status;
        si.status = "requires_confirmation";
        si.next_action = null;
      }
    }
    e.touch();
    return e.render(si, p.expand);
  });

  r.on(
    "POST",
    "/v1/setup_intents/:id/confirm",
    (ctx, [id]) => {
      const p: Partial<WithCommon<typeof CONFIRM>> = ctx.keyKind === "publishable" ? validate(ctx.params, CONFIRM_PUBLISHABLE) : validate(ctx.params, CONFIRM);
      const si = getSetupIntent(e, id);
      checkClientSecret(ctx, p.client_secret, si);
      if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(si.status)) throw unexpectedState(e, si, "confirm");
      // The intent's own payment method again is no change (3-D Secure already done stays done).
      const pm = p.payment_method_data || (p.payment_method && p.payment_method !== si.payment_method) ? requestedPaymentMethod(e, p) : null;
      if (!pm && !si.payment_method) {
        throw invalidRequest(
          "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
          "payment_method",
          "setup_intent_unexpected_state",
        );
      }
      checkOwner(pm, si.customer);
      if (p.allowed_payment_method_types) checkAllowedTypes(p.allowed_payment_method_types);
      const expand = ctx.keyKind === "publishable" ? [] : p.expand;
      e.checkExpand(si, expand);
      // Everything checked: apply, then run the card check (a decline is recorded and answered with a 402).
      if (p.allowed_payment_method_types) setAllowedTypes(si, p.allowed_payment_method_types, {});
      if (pm) {
        si.payment_method = save(e, pm).id;
        e.meta(si.id).authenticated = false;
      }
      confirmSetup(e, si, { returnUrl: p.return_url, useStripeSdk: p.use_stripe_sdk === true || ctx.keyKind === "publishable" });
      return renderSetupIntent(e, ctx, si, expand);
    },
    { publishable: true },
  );

  r.on("POST", "/v1/setup_intents/:id/cancel", (ctx, [id]) => {
    const p = validate(ctx.params, { cancellation_reason: S.str({ enum: ["abandoned", "duplicate", "requested_by_customer"] }) });
    const si = getSetupIntent(e, id);
    if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(si.status)) throw unexpectedState(e, si, "cancel");
    e.checkExpand(si, p.expand);
    const prevStatus = si.status;
    si.status = "canceled";
    si.cancellation_reason = p.cancellation_reason ?? null;
    si.next_action = null;
    e.touch();
    e.emit("setup_intent.canceled", si, { status: prevStatus, cancellation_reason: null });
    return e.render(si, p.expand);
  });

  listRoute(
    r,
    e,
    "/v1/setup_intents",
    "setup_intent",
    { customer: S.str(), payment_method: S.str(), attach_to_self: S.bool() },
    (p) => (o) => (!p.customer || o.customer === p.customer) && (!p.payment_method || o.payment_method === p.payment_method),
    ["customer", "payment_method"],
  );
}

