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
export const DECLINED_AT_ATTACH: readonly CardBehaviour[] = ["decline_generic", "decline_expired_card", "decline_incorrect_cvc", "decline_processing_error"];

/**
 * A payment method a request names, found or prepared without changing anything: a stored one, or
 * one made from card details, a token or a test id that `save` stores. Requests check every ref
 * (`checkAttachable`, `checkOwnable`) before they save or attach any.
 */
export interface CardRef {
  pm: Obj;
  behaviour: CardBehaviour;
  stored: boolean;
  /** The token the prepared payment method is made from (used up when it is saved). */
  token?: Obj;
}

/** Card details or a token, checked like Stripe does at creation (402 card errors, 400 missing params). */
export function prepareCard(e: Engine, card: CardInput | undefined, billing: BillingDetailsInput | undefined, paramPrefix: string): CardRef {
  if (!card) throw invalidRequest(`Missing required param: ${paramPrefix}.`, paramPrefix, "parameter_missing");
  const token = card.token ? unusedToken(e, card.token, paramPrefix) : undefined;
  const checked = token ? tokenCard(e, token) : checkCardDetails(card, paramPrefix);
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
  return { pm, behaviour: checked.behaviour, stored: false, token };
}

/** `payment_method_data`: a new card payment method with its own metadata. */
export function prepareFromData(e: Engine, data: PaymentMethodData): CardRef {
  const ref = prepareCard(e, data.card, data.billing_details, "payment_method_data[card]");
  e.applyMetadata(ref.pm, data.metadata);
  return ref;
}

/** A stored payment method, or a fresh one prepared from a test id like `pm_card_visa` (as Stripe does). */
export function findPaymentMethod(e: Engine, id: string, param: string): CardRef {
  const testNumber = TEST_PAYMENT_METHODS[id];
  if (testNumber) {
    const year = new Date().getUTCFullYear() + 5;
    return prepareCard(e, { number: testNumber, exp_month: 12, exp_year: year, cvc: testNumber.length === 15 ? "1234" : "123" }, undefined, "card");
  }
  const pm = e.get(id, "payment_method", param);
  return { pm, behaviour: e.meta(pm.id).behaviour ?? "succeed", stored: true };
}

/** Store a prepared payment method (using up its token); a stored one is returned as it is. */
export function save(e: Engine, ref: CardRef): Obj {
  if (!ref.stored) {
    if (ref.token) ref.token.used = true;
    e.insert(ref.pm, { behaviour: ref.behaviour });
    ref.stored = true;
  }
  return ref.pm;
}

/** Throws what attaching to `customerId` would: attached elsewhere (400), or declined by the card check Stripe runs (402). */
export function checkAttachable(ref: CardRef, customerId: string): void {
  if (ref.pm.customer === customerId) return;
  if (ref.pm.customer) {
    throw invalidRequest(`The payment method you provided has already been attached to a customer.`, undefined, "payment_method_unexpected_state");
  }
  if (DECLINED_AT_ATTACH.includes(ref.behaviour)) {
    const d = DECLINES[ref.behaviour];
    throw new StripeApiError(402, "card_error", d.message, { code: d.code, decline_code: d.decline_code, param: "" });
  }
}

/** Throws unless `ref` belongs to `customerId` or can be attached to it (for default payment methods). */
export function checkOwnable(ref: CardRef, customerId: string, param: string): void {
  if (ref.pm.customer && ref.pm.customer !== customerId) {
    throw invalidRequest(`The PaymentMethod provided (${ref.pm.id}) is attached to a different customer.`, param);
  }
  checkAttachable(ref, customerId);
}

export function attach(e: Engine, ref: CardRef, customerId: string): Obj {
  checkAttachable(ref, customerId);
  const pm = save(e, ref);
  if (pm.customer === customerId) return pm;
  pm.customer = customerId;
  e.touch();
  e.emit("payment_method.attached", pm, { customer: null });
  return pm;
}

/** The id of `ref` once it belongs to `customerId` (attached now if it was not). */
export function own(e: Engine, ref: CardRef, customerId: string, param: string): string {
  checkOwnable(ref, customerId, param);
  return attach(e, ref, customerId).id;
}

/** A stored payment method, or one stored now from a test id. */
export function resolvePaymentMethod(e: Engine, id: string, param: string): Obj {
  return save(e, findPaymentMethod(e, id, param));
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

/** A card token (Stripe.js `createToken`) is good for one payment method: `save` uses it up. */
function unusedToken(e: Engine, id: string, paramPrefix: string): Obj {
  const token = e.store.get(id);
  if (!token || token.object !== "token") throw missing("token", id, `${paramPrefix}[token]`);
  if (token.used) throw invalidRequest(`You cannot use a Stripe token more than once: ${token.id}.`, `${paramPrefix}[token]`, "token_already_used");
  return token;
}

function tokenCard(e: Engine, token: Obj): CheckedCard {
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
