/** PaymentIntents: how one is built, the checks its endpoints share, and what each caller may see of it. */
import type Stripe from "stripe";
import type { Ctx, Engine } from "./engine";
import { clientSafePaymentIntent } from "./engine/render";
import { invalidRequest, StripeApiError } from "./errors";
import { checkCurrency, formatMoney, MAX_AMOUNT, minimumCharge } from "./money";
import { newId, nowSeconds, randomId, type Obj } from "./store";

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer?: string | null;
  description?: string | null;
  receipt_email?: string | null;
  setup_future_usage?: Stripe.PaymentIntent.SetupFutureUsage | null;
  capture_method?: Stripe.PaymentIntent.CaptureMethod;
  confirmation_method?: Stripe.PaymentIntent.ConfirmationMethod;
  payment_method_types?: string[];
  automatic_payment_methods?: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  /** The invoice this intent pays (emulator-only, kept in the object's meta). */
  invoice?: string;
}

export function createPaymentIntent(e: Engine, fields: PaymentIntentInput): Obj {
  return e.insert(newPaymentIntent(fields), fields.invoice ? { invoice: fields.invoice } : {});
}

/** An intent as `createPaymentIntent` stores it, not stored yet. */
export function newPaymentIntent(fields: PaymentIntentInput): Stripe.PaymentIntent {
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
    },
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
  return pi;
}

type ShippingParam = {
  address: { city?: string; country?: string; line1?: string; line2?: string; postal_code?: string; state?: string };
  name: string;
  carrier?: string;
  phone?: string;
  tracking_number?: string;
} | null;

/** `shipping` as Stripe renders it: every address field and the optional ones present, null when not given. */
export function shippingDetails(given: ShippingParam): Stripe.PaymentIntent.Shipping | null {
  if (!given) return null;
  const a = given.address;
  return {
    address: { city: a.city ?? null, country: a.country ?? null, line1: a.line1 ?? null, line2: a.line2 ?? null, postal_code: a.postal_code ?? null, state: a.state ?? null },
    carrier: given.carrier ?? null,
    name: given.name,
    phone: given.phone ?? null,
    tracking_number: given.tracking_number ?? null,
  };
}

/** A supported currency, and an amount between its minimum charge (`amount_too_small`) and eight digits (`amount_too_large`). */
export function checkAmount(amount: number, currency: string): void {
  checkCurrency(currency);
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatMoney(MAX_AMOUNT, currency)}`, "amount", "amount_too_large");
  }
  const min = minimumCharge(currency);
  if (amount < min) {
    throw invalidRequest(`Amount must be at least ${formatMoney(min, currency)} ${currency.toLowerCase()}`, "amount", "amount_too_small");
  }
}

/** The payment method types the emulator knows. */
const SUPPORTED_TYPES = ["card", "us_bank_account"];

export function checkPaymentMethodTypes(types: readonly string[], param = "payment_method_types"): void {
  for (const [i, t] of types.entries()) {
    if (!SUPPORTED_TYPES.includes(t)) throw invalidRequest(`The payment method type "${t}" is invalid or not supported by the emulator.`, `${param}[${i}]`, "payment_method_type_invalid");
  }
}

/** What `automatic_payment_methods` turns on (the "Dashboard" of the emulated account): cards, and ACH for usd. */
export function automaticPaymentMethodTypes(currency: string): string[] {
  return currency.toLowerCase() === "usd" ? ["card", "us_bank_account"] : ["card"];
}

/**
 * A server-side confirmation of an intent with automatic payment methods that may redirect
 * (`allow_redirects` not `never`) needs `return_url`, unless it is off-session (Stripe's 400).
 */
export function checkReturnUrl(ctx: Ctx, pi: Obj, returnUrl: string | undefined, offSession: boolean): void {
  const apm = pi.automatic_payment_methods;
  if (ctx.keyKind === "publishable" || !apm?.enabled || apm.allow_redirects === "never" || returnUrl || offSession) return;
  throw invalidRequest(
    "A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
  );
}

/** The payment method's type must be one the intent accepts. */
export function checkPaymentMethodAllowed(pi: Obj, pm: Obj | undefined, param = "payment_method"): void {
  if (!pm || pi.payment_method_types.includes(pm.type)) return;
  throw invalidRequest(
    `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${pi.payment_method_types.join(", ")}. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
    param,
    "payment_intent_incompatible_payment_method",
  );
}

/** `off_session` is a boolean on confirmation, or `one_off`/`recurring`. */
export function isOffSession(value: unknown): boolean {
  return value === true || value === "true" || value === "one_off" || value === "recurring";
}

/** Publishable keys must prove they hold the intent with its client secret; a given secret must match. */
export function checkClientSecret(ctx: Ctx, given: string | undefined, pi: Obj): void {
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

/** What a caller may expand: nothing with a publishable key. */
export function expandFor(ctx: Ctx, expand: readonly string[] = []): readonly string[] {
  return ctx.keyKind === "publishable" ? [] : expand;
}

/** The intent as this caller may see it: expanded for secret keys, client-safe fields only for publishable ones. */
export function renderPaymentIntent(e: Engine, ctx: Ctx, pi: Obj, expand: readonly string[] = []): Obj {
  const rendered = e.render(pi, expandFor(ctx, expand));
  return ctx.keyKind === "publishable" ? clientSafePaymentIntent(rendered) : rendered;
}

export function unexpectedState(e: Engine, pi: Obj, action: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}.`, {
    code: "payment_intent_unexpected_state",
    payment_intent: e.render(pi),
  });
}
