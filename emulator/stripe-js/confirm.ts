/**
 * Confirming a PaymentIntent from the browser: a card payment method made from the Element, the
 * confirmation with the publishable key, then any next action (the 3-D Secure dialog, or a
 * redirect), and the result as Stripe.js gives it (`{paymentIntent}` or `{error}`).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { helper, integrationError, intentIdFromSecret, request, type Json } from "./api-client";
import type { EmulatedElement } from "./payment-element";
import { showChallenge } from "./three-d-secure-dialog";

export async function retrieveIntent(pk: string, clientSecret: string): Promise<Json> {
  const id = intentIdFromSecret(clientSecret);
  if (!id) return integrationError("Invalid value for clientSecret: it should look like pi_..._secret_...");
  const res = await request(pk, "GET", `/v1/payment_intents/${id}`, { client_secret: clientSecret });
  return res.ok ? { paymentIntent: res.body } : { error: res.body.error };
}

/** A card payment method from the Element's details (validated first, as Stripe.js does). */
export async function paymentMethodFromElement(pk: string, element: EmulatedElement, billingDetails?: Json): Promise<Json> {
  const validation = element._validate();
  if (validation) return { error: validation };
  const postal = element._postalCode();
  const billing = { ...(billingDetails ?? {}) };
  if (postal) billing.address = { ...(billing.address ?? {}), postal_code: postal };
  const res = await request(pk, "POST", "/v1/payment_methods", {
    type: "card",
    card: element._cardParams(),
    billing_details: Object.keys(billing).length ? billing : undefined,
    payment_user_agent: "stripe.js/emulator",
  });
  return res.ok ? { paymentMethod: res.body } : { error: res.body.error };
}

/** Confirm with a payment method id, then (unless told not to) run any 3-D Secure challenge. */
export async function confirmIntent(pk: string, clientSecret: string, paymentMethod: string | undefined, extra: Json, runActions = true): Promise<Json> {
  const id = intentIdFromSecret(clientSecret);
  if (!id) return integrationError("Invalid value for clientSecret: it should look like pi_..._secret_...");
  const res = await request(pk, "POST", `/v1/payment_intents/${id}/confirm`, {
    client_secret: clientSecret,
    payment_method: paymentMethod,
    use_stripe_sdk: "true",
    ...extra,
  });
  if (!res.ok) return { error: res.body.error };
  if (!runActions) return { paymentIntent: res.body };
  return handleActions(pk, res.body, clientSecret);
}

/** Run the intent's next action (3-D Secure), then answer with the outcome. */
export async function handleActions(pk: string, pi: Json, clientSecret: string): Promise<Json> {
  if (pi.status === "requires_action" && pi.next_action) {
    if (pi.next_action.type === "redirect_to_url") {
      window.location.assign(pi.next_action.redirect_to_url.url);
      return new Promise(() => {});
    }
    const outcome = await showChallenge(pi);
    await helper(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome });
    const after = await retrieveIntent(pk, clientSecret);
    if (after.error) return after;
    pi = after.paymentIntent;
  }
  return result(pi);
}

/** A declined intent is an `{error}` carrying it, as in Stripe.js. */
function result(pi: Json): Json {
  if (pi.status === "requires_payment_method" && pi.last_payment_error) {
    return { error: { ...pi.last_payment_error, payment_intent: pi } };
  }
  return { paymentIntent: pi };
}
