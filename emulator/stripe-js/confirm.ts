/**
 * Confirming a PaymentIntent or SetupIntent from the browser: a card payment method made inside
 * the Element's frame, the confirmation with the publishable key, then any next action (the 3-D
 * Secure dialog, or a redirect), and the result as Stripe.js gives it (`{paymentIntent}`,
 * `{setupIntent}` or `{error}`). The client secret's prefix says which kind of intent it is.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { helper, integrationError, request, type Json } from "./api-client";
import type { EmulatedElement } from "./payment-element";
import { showChallenge } from "./three-d-secure-dialog";

export interface IntentKind {
  /** API path segment and `/_emulator` helper segment. */
  path: "payment_intents" | "setup_intents";
  /** Result key (`{paymentIntent}`) and error field / redirect param (`payment_intent`). */
  key: "paymentIntent" | "setupIntent";
  param: "payment_intent" | "setup_intent";
  lastError: "last_payment_error" | "last_setup_error";
}

export const PAYMENT: IntentKind = { path: "payment_intents", key: "paymentIntent", param: "payment_intent", lastError: "last_payment_error" };
export const SETUP: IntentKind = { path: "setup_intents", key: "setupIntent", param: "setup_intent", lastError: "last_setup_error" };

/** The intent a client secret belongs to, or null when it is not one of `kinds`. */
export function parseSecret(clientSecret: unknown, kinds: IntentKind[] = [PAYMENT, SETUP]): { id: string; kind: IntentKind } | null {
  const m = /^((pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(typeof clientSecret === "string" ? clientSecret : "");
  const kind = m ? (m[2] === "pi" ? PAYMENT : SETUP) : null;
  return m && kind && kinds.includes(kind) ? { id: m[1], kind } : null;
}

function badSecret(kind: IntentKind): Json {
  return integrationError(`Invalid value for clientSecret: it should look like ${kind === PAYMENT ? "pi" : "seti"}_..._secret_...`);
}

export async function retrieveIntent(pk: string, clientSecret: string, kind: IntentKind): Promise<Json> {
  const parsed = parseSecret(clientSecret, [kind]);
  if (!parsed) return badSecret(kind);
  const res = await request(pk, "GET", `/v1/${kind.path}/${parsed.id}`, { client_secret: clientSecret });
  return res.ok ? { [kind.key]: res.body } : { error: res.body.error };
}

/** A card payment method from the Element's details, made inside its frame (validated first, as Stripe.js does). */
export function paymentMethodFromElement(element: EmulatedElement, billingDetails?: Json): Promise<Json> {
  return element._call("createPaymentMethod", { billing_details: billingDetails && Object.keys(billingDetails).length ? billingDetails : undefined });
}

/** Confirm with a payment method id, then (unless told not to) run any 3-D Secure challenge. */
export async function confirmIntent(pk: string, clientSecret: string, kind: IntentKind, paymentMethod: string | undefined, extra: Json, runActions = true): Promise<Json> {
  const parsed = parseSecret(clientSecret, [kind]);
  if (!parsed) return badSecret(kind);
  const res = await request(pk, "POST", `/v1/${kind.path}/${parsed.id}/confirm`, {
    client_secret: clientSecret,
    payment_method: paymentMethod,
    use_stripe_sdk: "true",
    ...extra,
  });
  if (!res.ok) return { error: res.body.error };
  if (!runActions) return { [kind.key]: res.body };
  return handleActions(pk, res.body, clientSecret, kind);
}

/** Run the intent's next action (3-D Secure), then answer with the outcome. */
export async function handleActions(pk: string, intent: Json, clientSecret: string, kind: IntentKind): Promise<Json> {
  if (intent.status === "requires_action" && intent.next_action) {
    if (intent.next_action.type === "redirect_to_url") {
      window.location.assign(intent.next_action.redirect_to_url.url);
      return new Promise(() => {});
    }
    const outcome = await showChallenge(intent);
    await helper(`/_emulator/${kind.path}/${intent.id}/three_d_secure`, { outcome });
    const after = await retrieveIntent(pk, clientSecret, kind);
    if (after.error) return after;
    intent = after[kind.key];
  }
  return result(intent, kind);
}

/** A declined intent is an `{error}` carrying it, as in Stripe.js. */
function result(intent: Json, kind: IntentKind): Json {
  if (intent.status === "requires_payment_method" && intent[kind.lastError]) {
    return { error: { ...intent[kind.lastError], [kind.param]: intent } };
  }
  return { [kind.key]: intent };
}

/** After a successful confirmation with `redirect: 'always'`: to `return_url` with the intent and its outcome. */
export function redirectToReturnUrl(returnUrl: string, intent: Json, clientSecret: string, kind: IntentKind): Promise<never> {
  const url = new URL(returnUrl, window.location.href);
  url.searchParams.set(kind.param, intent.id);
  url.searchParams.set(`${kind.param}_client_secret`, clientSecret);
  url.searchParams.set("redirect_status", ["succeeded", "requires_capture", "processing"].includes(intent.status) ? "succeeded" : "failed");
  window.location.assign(url.toString());
  return new Promise(() => {});
}
