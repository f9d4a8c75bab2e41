/**
 * Card payment methods: made from card details, a Stripe.js token or a test id (`pm_card_visa`
 * makes a fresh one, as on Stripe), and Stripe's ownership rules for attaching them to customers.
 * Only brand, last4, expiry, a fingerprint and the derived test behaviour are ever kept.
 */
import type Stripe from "stripe";
import { checkBankAccount, type BankAccountInput } from "./bank-accounts";
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
  /** Bank accounts: the failure code their debits end with (null: they succeed). */
  bankFailure?: string | null;
  /** Stored, used once without a customer (or detached): it may not be used or attached again. */
  consumed?: boolean;
}

/** Card details or a token, checked like Stripe does at creation (402 card errors, 400 missing params). */
export function prepareCard(e: Engine, card: CardInput | undefined, billing: BillingDetailsInput | undefined, paramPrefix: string): CardRef {
  if (!card) throw invalidRequest(`Missing required param: ${paramPrefix}.`, paramPrefix, "parameter_missing");
  const token = card.token ? unusedToken(e, card.token, paramPrefix) : undefined;
  const checked = token ? tokenCard(e, token) : checkCardDetails(card, paramPrefix);
  const address = { ...nullAddress(), ...(billing?.address ?? {}) };
  const pm: Stripe.PaymentMethod = {
    ...basePaymentMethod(billing, "card"),
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
  };
  return { pm, behaviour: checked.behaviour, stored: false, token };
}

/** A `us_bank_account` payment method from routing and account numbers (Stripe requires the holder's name). */
export function prepareBankAccount(input: BankAccountInput | undefined, billing: BillingDetailsInput | undefined, prefix: string, billingParam: string): CardRef {
  const checked = checkBankAccount(input, prefix);
  if (!billing?.name) throw invalidRequest(`Missing required param: ${billingParam}[name].`, `${billingParam}[name]`, "parameter_missing");
  const pm = { ...basePaymentMethod(billing, "us_bank_account"), us_bank_account: checked.details } as Stripe.PaymentMethod;
  return { pm, behaviour: "succeed", stored: false, bankFailure: checked.failure };
}

function basePaymentMethod(billing: BillingDetailsInput | undefined, type: "card" | "us_bank_account"): Stripe.PaymentMethod {
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: { ...nullAddress(), ...(billing?.address ?? {}) },
      email: billing?.email ?? null,
      name: billing?.name ?? null,
      phone: billing?.phone ?? null,
      tax_id: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type,
  };
}

/** `payment_method_data`: a new card or bank account payment method with its own metadata. */
export function prepareFromData(e: Engine, data: PaymentMethodData): CardRef {
  const ref =
    data.type === "us_bank_account"
      ? prepareBankAccount(data.us_bank_account, data.billing_details, "payment_method_data[us_bank_account]", "payment_method_data[billing_details]")
      : prepareCard(e, data.card, data.billing_details, "payment_method_data[card]");
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
  const meta = e.meta(pm.id);
  return { pm, behaviour: meta.behaviour ?? "succeed", stored: true, consumed: meta.consumed === true };
}

/** Store a prepared payment method (using up its token); a stored one is returned as it is. */
export function save(e: Engine, ref: CardRef): Obj {
  if (!ref.stored) {
    if (ref.token) ref.token.used = true;
    e.insert(ref.pm, { behaviour: ref.behaviour, ...(ref.bankFailure !== undefined ? { bankFailure: ref.bankFailure } : {}) });
    ref.stored = true;
  }
  return ref.pm;
}

/** Throws what attaching to `customerId` would: attached elsewhere (400), or declined by the card check Stripe runs (402). */
export function checkAttachable(ref: CardRef, customerId: string): void {
  if (ref.pm.customer === customerId) return;
  if (ref.consumed) {
    throw invalidRequest("This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.", undefined, "payment_method_unexpected_state");
  }
  if (ref.pm.customer) {
    throw invalidRequest(`The payment method you provided has already been attached to a customer.`, undefined, "payment_method_unexpected_state");
  }
  if (DECLINED_AT_ATTACH.includes(ref.behaviour)) {
    const d = DECLINES[ref.behaviour];
    throw new StripeApiError(402, "card_error", d.message, { code: d.code, decline_code: d.decline_code, param: "" });
  }
}

/**
 * Throws unless a payment for `customerId` (null: none) may use `ref`: a customer's saved payment
 * method only with that customer, a one-off one only once (Stripe's 400s).
 */
export function checkUsableFor(ref: CardRef, customerId: string | null, param: string): void {
  const owner = ref.pm.customer;
  if (owner && !customerId) {
    throw invalidRequest(`The \`payment_method\` parameter supplied ${ref.pm.id} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`, param);
  }
  if (owner && owner !== customerId) {
    throw invalidRequest(`The PaymentMethod ${ref.pm.id} does not belong to the Customer you supplied ${customerId}. Please use this PaymentMethod with the Customer that it belongs to instead.`, param);
  }
  if (!owner && ref.consumed) {
    throw invalidRequest(
      "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.",
      param,
    );
  }
}

/**
 * Throws unless `ref` is already attached to `customerId`: a customer's or a subscription's
 * `default_payment_method` is never attached on the way, as on Stripe (attach it, or save it with
 * a SetupIntent or `setup_future_usage`, first).
 */
export function checkOwnedBy(ref: CardRef, requestedId: string, customerId: string, param: string): void {
  if (ref.stored && ref.pm.customer === customerId) return;
  throw invalidRequest(`The customer does not have a payment method with the ID ${requestedId}. The payment method must be attached to the customer.`, param);
}

/** Throws unless `ref` belongs to `customerId` or can be attached to it (invoices.pay). */
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
