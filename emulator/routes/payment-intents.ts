/** `/v1/payment_intents`: create, retrieve, update, confirm, cancel, capture, list. Confirmation asks the card network. */
import { checkInvoiceAmountUnchanged } from "../billing";
import { confirm } from "../card-network";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { S, validate, type WithCommon } from "../params";
import {
  automaticPaymentMethodTypes,
  checkAmount,
  checkClientSecret,
  checkPaymentMethodAllowed,
  checkReturnUrl,
  checkPaymentMethodTypes,
  expandFor,
  isOffSession,
  newPaymentIntent,
  renderPaymentIntent,
  shippingDetails,
  unexpectedState,
} from "../payment-intents";
import { checkUsableFor, findPaymentMethod, prepareFromData, save, type CardRef, type PaymentMethodData } from "../payment-methods";
import { nowSeconds } from "../store";
import { listRoute, type Router } from "./factory";
import { AUTOMATIC_PAYMENT_METHODS, PAYMENT_METHOD_DATA, SHIPPING } from "./schemas";

const SETUP_FUTURE_USAGE = S.str({ enum: ["off_session", "on_session"], nullable: true });
const CAPTURE_METHOD = S.str({ enum: ["automatic", "automatic_async", "manual"] });

/** What create and update share. */
const INTENT_FIELDS = {
  amount: S.int({ min: 0 }),
  currency: S.str(),
  customer: S.str({ nullable: true }),
  description: S.str({ nullable: true, max: 1000 }),
  metadata: S.metadata(),
  payment_method: S.str(),
  payment_method_types: S.arr(S.str()),
  allowed_payment_method_types: S.arr(S.str()),
  receipt_email: S.str({ nullable: true }),
  setup_future_usage: SETUP_FUTURE_USAGE,
  statement_descriptor: S.str({ max: 22 }),
  statement_descriptor_suffix: S.str({ max: 22 }),
  shipping: SHIPPING,
  payment_method_options: S.any(),
  payment_method_data: PAYMENT_METHOD_DATA,
};

const CREATE = {
  ...INTENT_FIELDS,
  amount: S.int({ required: true, min: 0 }),
  currency: S.str({ required: true }),
  confirm: S.bool(),
  off_session: S.any(),
  capture_method: CAPTURE_METHOD,
  confirmation_method: S.str({ enum: ["automatic", "manual"] }),
  automatic_payment_methods: AUTOMATIC_PAYMENT_METHODS,
  return_url: S.str(),
  use_stripe_sdk: S.bool(),
  error_on_requires_action: S.bool(),
};

/** What both confirmations take. */
const CONFIRM_BASE = {
  client_secret: S.str(),
  payment_method: S.str(),
  payment_method_data: PAYMENT_METHOD_DATA,
  return_url: S.str(),
  receipt_email: S.str({ nullable: true }),
};

/** Confirmation with a secret key. */
const CONFIRM = {
  ...CONFIRM_BASE,
  off_session: S.any(),
  use_stripe_sdk: S.bool(),
  setup_future_usage: SETUP_FUTURE_USAGE,
  capture_method: CAPTURE_METHOD,
  error_on_requires_action: S.bool(),
  payment_method_types: S.arr(S.str()),
  payment_method_options: S.any(),
  shipping: SHIPPING,
  mandate_data: S.any(),
};

/** Confirmation by Stripe.js (publishable key): fewer params, the client secret required. */
const CONFIRM_PUBLISHABLE = {
  ...CONFIRM_BASE,
  client_secret: S.str({ required: true }),
  use_stripe_sdk: S.bool(),
  setup_future_usage: SETUP_FUTURE_USAGE,
  shipping: SHIPPING,
  key: S.any(),
};

const UPDATABLE = ["amount", "currency", "customer", "description", "metadata", "receipt_email", "setup_future_usage", "payment_method_types", "shipping", "statement_descriptor", "statement_descriptor_suffix"] as const;

/** The param naming the payment method a request gives. */
function requestParam(p: { payment_method_data?: PaymentMethodData }): string {
  return p.payment_method_data ? "payment_method_data" : "payment_method";
}

/** The payment method a request gives (`payment_method_data` wins), checked but not yet stored. */
function requestedPaymentMethod(e: Engine, p: { payment_method?: string; payment_method_data?: PaymentMethodData }): CardRef | null {
  if (p.payment_method_data) return prepareFromData(e, p.payment_method_data);
  if (p.payment_method) return findPaymentMethod(e, p.payment_method, "payment_method");
  return null;
}

export function paymentIntentRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/payment_intents", (ctx) => {
    const p = validate(ctx.params, CREATE);
    checkAmount(p.amount, p.currency);
    const given = p.allowed_payment_method_types ?? p.payment_method_types;
    const typesParam = p.allowed_payment_method_types ? "allowed_payment_method_types" : "payment_method_types";
    if (p.automatic_payment_methods && given) {
      throw invalidRequest("You may only specify one of these parameters: automatic_payment_methods, payment_method_types.", "automatic_payment_methods");
    }
    if (p.off_session !== undefined && !p.confirm) throw invalidRequest("You can only use off_session when confirm is true.", "off_session");
    if (p.return_url && !p.confirm) throw invalidRequest("You can only use return_url when confirm is true.", "return_url");
    if (given) checkPaymentMethodTypes(given, typesParam);
    // Without payment method types, automatic payment methods are on (as in the pinned API version).
    const automatic = given ? null : { enabled: p.automatic_payment_methods?.enabled ?? true, allow_redirects: p.automatic_payment_methods?.allow_redirects ?? "always" };
    const types = given ?? (automatic?.enabled ? automaticPaymentMethodTypes(p.currency) : ["card"]);
    if (p.customer) e.get(p.customer, "customer", "customer");
    const pm = requestedPaymentMethod(e, p);
    const pi = newPaymentIntent({
      ...p,
      currency: p.currency.toLowerCase(),
      capture_method: p.capture_method ?? "automatic_async",
      confirmation_method: p.confirmation_method ?? "automatic",
      payment_method_types: types,
      automatic_payment_methods: automatic,
    });
    pi.shipping = shippingDetails(p.shipping ?? null);
    checkPaymentMethodAllowed(pi, pm?.pm);
    if (pm) checkUsableFor(pm, pi.customer as string | null, requestParam(p));
    if (p.confirm) checkReturnUrl(ctx, pi, p.return_url, isOffSession(p.off_session));
    e.applyMetadata(pi, p.metadata);
    e.checkExpand(pi, p.expand);
    e.insert(pi);
    if (pm) {
      pi.payment_method = save(e, pm).id;
      pi.status = "requires_confirmation";
    }
    e.emit("payment_intent.created", pi);
    if (p.confirm) {
      confirm(e, pi, {
        offSession: isOffSession(p.off_session),
        returnUrl: p.return_url,
        useStripeSdk: p.use_stripe_sdk === true,
        errorOnRequiresAction: p.error_on_requires_action === true,
      });
    }
    return renderPaymentIntent(e, ctx, pi, p.expand);
  });

  r.on(
    "GET",
    "/v1/payment_intents/:id",
    (ctx, [id]) => {
      const p = validate(ctx.params, { client_secret: S.str() });
      const pi = e.get(id, "payment_intent");
      checkClientSecret(ctx, p.client_secret, pi);
      return renderPaymentIntent(e, ctx, pi, p.expand);
    },
    { publishable: true },
  );

  r.on("POST", "/v1/payment_intents/:id", (ctx, [id]) => {
    const p = validate(ctx.params, INTENT_FIELDS);
    const pi = e.get(id, "payment_intent");
    // Settled or settling intents still take metadata, description and receipt_email (as on Stripe).
    const locked = ["succeeded", "canceled", "processing", "requires_capture"].includes(pi.status);
    if (locked && Object.keys(p).some((k) => !["metadata", "description", "receipt_email", "expand"].includes(k))) throw unexpectedState(e, pi, "update");
    if (p.amount !== undefined || p.currency !== undefined) checkAmount(p.amount ?? pi.amount, p.currency ?? pi.currency);
    if (p.customer) e.get(p.customer, "customer", "customer");
    const types = p.allowed_payment_method_types ?? p.payment_method_types;
    if (types) checkPaymentMethodTypes(types, p.allowed_payment_method_types ? "allowed_payment_method_types" : "payment_method_types");
    const pm = requestedPaymentMethod(e, p);
    checkPaymentMethodAllowed(types ? { ...pi, payment_method_types: types } : pi, pm?.pm);
    if (pm) checkUsableFor(pm, p.customer !== undefined ? p.customer : pi.customer, requestParam(p));
    if (p.amount !== undefined || p.currency !== undefined) checkInvoiceAmountUnchanged(e, pi);
    e.checkExpand(pi, expandFor(ctx, p.expand));
    // Everything checked: apply.
    const changes = {
      ...p,
      ...(p.currency ? { currency: p.currency.toLowerCase() } : {}),
      ...(types ? { payment_method_types: types } : {}),
      ...(p.shipping !== undefined ? { shipping: shippingDetails(p.shipping) } : {}),
    };
    const prev = e.update(pi, changes, UPDATABLE);
    if (pm) {
      prev.payment_method = pi.payment_method;
      pi.payment_method = save(e, pm).id;
      e.meta(pi.id).authenticated = false;
    }
    if (pi.payment_method && (pi.status === "requires_payment_method" || pi.status === "requires_action")) {
      prev.status = pi.status;
      pi.status = "requires_confirmation";
      pi.next_action = null;
    }
    e.touch();
    return renderPaymentIntent(e, ctx, pi, p.expand);
  });

  r.on(
    "POST",
    "/v1/payment_intents/:id/confirm",
    (ctx, [id]) => {
      const p: Partial<WithCommon<typeof CONFIRM>> = ctx.keyKind === "publishable" ? validate(ctx.params, CONFIRM_PUBLISHABLE) : validate(ctx.params, CONFIRM);
      const pi = e.get(id, "payment_intent");
      checkClientSecret(ctx, p.client_secret, pi);
      if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) throw unexpectedState(e, pi, "confirm");
      // The intent's own payment method again is no change (3-D Secure already done stays done).
      const pm = p.payment_method_data || p.payment_method !== pi.payment_method ? requestedPaymentMethod(e, p) : null;
      checkPaymentMethodAllowed(pi, pm?.pm);
      if (pm) checkUsableFor(pm, pi.customer, requestParam(p));
      checkReturnUrl(ctx, pi, p.return_url, isOffSession(p.off_session));
      if (!pm && !pi.payment_method) {
        throw invalidRequest(
          "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
          "payment_method",
          "payment_intent_unexpected_state",
        );
      }
      e.checkExpand(pi, expandFor(ctx, p.expand));
      // Everything checked: apply, then ask the card network (a decline is recorded and answered with a 402).
      if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email;
      if (p.shipping !== undefined) pi.shipping = shippingDetails(p.shipping);
      if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage;
      if (p.capture_method) pi.capture_method = p.capture_method;
      if (pm) {
        pi.payment_method = save(e, pm).id;
        e.meta(pi.id).authenticated = false;
      }
      confirm(e, pi, {
        offSession: isOffSession(p.off_session),
        returnUrl: p.return_url,
        useStripeSdk: p.use_stripe_sdk === true || ctx.keyKind === "publishable",
        errorOnRequiresAction: p.error_on_requires_action === true,
      });
      return renderPaymentIntent(e, ctx, pi, p.expand);
    },
    { publishable: true },
  );

  r.on("POST", "/v1/payment_intents/:id/cancel", (ctx, [id]) => {
    const p = validate(ctx.params, { cancellation_reason: S.str({ enum: ["duplicate", "fraudulent", "requested_by_customer", "abandoned"] }) });
    const pi = e.get(id, "payment_intent");
    if (!["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"].includes(pi.status)) throw unexpectedState(e, pi, "cancel");
    if (e.meta(pi.id).invoice) {
      throw invalidRequest("You cannot cancel this PaymentIntent because it was created by an invoice.", undefined, "payment_intent_unexpected_state");
    }
    e.checkExpand(pi, expandFor(ctx, p.expand));
    const prevStatus = pi.status;
    if (pi.status === "requires_capture" && pi.latest_charge) {
      const charge = e.store.get(pi.latest_charge);
      if (charge) {
        // Releasing an uncaptured authorization refunds the full charge.
        charge.amount_refunded = charge.amount;
        charge.refunded = true;
      }
    }
    pi.status = "canceled";
    pi.canceled_at = nowSeconds();
    pi.cancellation_reason = p.cancellation_reason ?? null;
    pi.amount_capturable = 0;
    pi.next_action = null;
    e.touch();
    e.emit("payment_intent.canceled", pi, { status: prevStatus, canceled_at: null, cancellation_reason: null });
    return renderPaymentIntent(e, ctx, pi, p.expand);
  });

  r.on("POST", "/v1/payment_intents/:id/capture", (ctx, [id]) => {
    const p = validate(ctx.params, { amount_to_capture: S.int({ min: 1 }), metadata: S.metadata(), final_capture: S.bool() });
    const pi = e.get(id, "payment_intent");
    if (pi.status !== "requires_capture") throw unexpectedState(e, pi, "capture");
    const amount = p.amount_to_capture ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalidRequest(`The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`, "amount_to_capture", "amount_too_large");
    }
    const charge = e.get(pi.latest_charge, "charge");
    e.checkExpand(pi, expandFor(ctx, p.expand));
    e.applyMetadata(pi, p.metadata);
    const prevCharge = { captured: false, amount_captured: charge.amount_captured };
    charge.captured = true;
    charge.amount_captured = amount;
    if (amount < charge.amount) charge.amount_refunded = charge.amount - amount;
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.status = "succeeded";
    e.touch();
    e.emit("charge.captured", charge, prevCharge);
    e.emit("payment_intent.succeeded", pi, { status: "requires_capture" });
    return renderPaymentIntent(e, ctx, pi, p.expand);
  });

  listRoute(r, e, "/v1/payment_intents", "payment_intent", { customer: S.str() }, (p) => (o) => !p.customer || o.customer === p.customer, ["customer"]);
}
