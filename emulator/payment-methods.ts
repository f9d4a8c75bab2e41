/**
 * Card payment methods: made from card details, a Stripe.js token or a test id (`pm_card_visa`
 * makes a fresh one, as on Stripe), and Stripe's ownership rules for attaching them to customers.
 * Only brand, last4, expiry, a fingerprint and the derived test behaviour are ever kept.
 */
import type Stripe from "stripe";
import { checkCard, DECLINES, TEST_PAYMENT_METHODS, type CardBehaviour, type CheckedCard } from "./cards";
import type { Engine } from "./engine";
import { invalidRequest, missing, StripeApiError } from "./errors";
import type { Infer } from "./params";
import type { BILLING_DETAILS, CARD_INPUT, PAYMENT_METHOD_DATA } from "./routes/schemas";
import { nullAddress } from "./routes/schemas";
import { newId, nowSeconds, type Obj } from "./store";

export type CardInput = Infer<typeof CARD_INPUT>;
export type BillingDetailsInput = Infer<typeof BILLING_DETAILS>;
export type PaymentMethodData = Infer<typeof PAYMENT_METHOD_DATA>;

/** Behaviours that fail the card check Stripe runs when attaching (4000000000000341 passes: it fails later). */
const DECLINED_AT_ATTACH: readonly CardBehaviour[] = ["decline_generic", "decline_expired_card", "decline_incorrect_cvc", "decline_processing_error"];

export function createCardPaymentMethod(e: Engine, card: CardInput | undefined, billing: BillingDetailsInput | undefined, paramPrefix: string): Obj {
  if (!card) throw invalidRequest(`Missing required param: ${paramPrefix}.`, paramPrefix, "parameter_missing");
  const checked = card.token ? useToken(e, card.token, paramPrefix) : checkCardDetails(card, paramPrefix);
  const address = { ...nullAddress(), ...(billing?.address ?? {}) };
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address,
      email: billing?.email ?? null,
      name: billing?.name ?? null,
      phone: billing?.phone ?? null,
      tax_id: null,
    },
    card: {
      brand: checked.brand,
      checks: { address_line1_check: null, address_postal_code_check: address.postal_code ? "pass" : null, cvc_check: checked.cvcProvided ? "pass" : null },
      country: "US",
      display_brand: checked.brand === "amex" ? "american_express" : checked.brand,
      exp_month: checked.exp_month,
      exp_year: checked.exp_year,
      fingerprint: checked.fingerprint,
      funding: checked.funding,
      generated_from: null,
      last4: checked.last4,
      networks: { available: [checked.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  e.insert(pm, { behaviour: checked.behaviour });
  return pm;
}

function checkCardDetails(card: CardInput, paramPrefix: string): CheckedCard {
  const { number, exp_month, exp_year, cvc } = card;
  if (number === undefined) throw missingCardParam(paramPrefix, "number");
  if (exp_month === undefined) throw missingCardParam(paramPrefix, "exp_month");
  if (exp_year === undefined) throw missingCardParam(paramPrefix, "exp_year");
  return checkCard({ number, exp_month, exp_year, cvc });
}

function missingCardParam(paramPrefix: string, key: string): StripeApiError {
  return invalidRequest(`Missing required param: ${paramPrefix}[${key}].`, `${paramPrefix}[${key}]`, "parameter_missing");
}

/** A card token (Stripe.js `createToken`) is good for one payment method. */
function useToken(e: Engine, id: string, paramPrefix: string): CheckedCard {
  const token = e.store.get(id);
  if (!token || token.object !== "token") throw missing("token", id, `${paramPrefix}[token]`);
  if (token.used) throw invalidRequest(`You cannot use a Stripe token more than once: ${token.id}.`, `${paramPrefix}[token]`, "token_already_used");
  token.used = true;
  return {
    brand: String(token.card.brand).toLowerCase().replace("american express", "amex").replace("diners club", "diners"),
    last4: token.card.last4,
    exp_month: token.card.exp_month,
    exp_year: token.card.exp_year,
    fingerprint: token.card.fingerprint,
    funding: token.card.funding,
    behaviour: e.meta(token.id).behaviour ?? "succeed",
    cvcProvided: token.card.cvc_check !== null,
  };
}

/** `payment_method_data`: a new card payment method with its own metadata. */
export function paymentMethodFromData(e: Engine, data: PaymentMethodData): Obj {
  const pm = createCardPaymentMethod(e, data.card, data.billing_details, "payment_method_data[card]");
  e.applyMetadata(pm, data.metadata);
  return pm;
}

/** A stored payment method, or a fresh one made from a test id like `pm_card_visa` (as Stripe does). */
export function resolvePaymentMethod(e: Engine, id: string, param: string): Obj {
  const testNumber = TEST_PAYMENT_METHODS[id];
  if (testNumber) {
    const year = new Date().getUTCFullYear() + 5;
    return createCardPaymentMethod(e, { number: testNumber, exp_month: 12, exp_year: year, cvc: testNumber.length === 15 ? "1234" : "123" }, undefined, "card");
  }
  return e.get(id, "payment_method", param);
}

/** A payment method that is (or, unattached or a test id, gets) attached to `customerId`. */
export function ownedPaymentMethod(e: Engine, id: string, customerId: string, param: string): string {
  const pm = resolvePaymentMethod(e, id, param);
  if (!pm.customer) attach(e, pm, customerId);
  else if (pm.customer !== customerId) {
    throw invalidRequest(`The PaymentMethod provided (${pm.id}) is attached to a different customer.`, param);
  }
  return pm.id;
}

export function attach(e: Engine, pm: Obj, customerId: string): void {
  if (pm.customer === customerId) return;
  if (pm.customer) {
    throw invalidRequest(`The payment method you provided has already been attached to a customer.`, undefined, "payment_method_unexpected_state");
  }
  const behaviour = e.meta(pm.id).behaviour ?? "succeed";
  if (DECLINED_AT_ATTACH.includes(behaviour)) {
    const d = DECLINES[behaviour];
    throw new StripeApiError(402, "card_error", d.message, { code: d.code, decline_code: d.decline_code, param: "" });
  }
  pm.customer = customerId;
  e.touch();
  e.emit("payment_method.attached", pm, { customer: null });
}
