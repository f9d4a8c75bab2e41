/**
 * Stripe's documented test cards and the behaviour each one triggers. Only the derived behaviour,
 * brand, last4, expiry and a fingerprint are ever kept: never the full number or the CVC.
 */
import { createHmac } from "node:crypto";
import { brandOf, luhnValid } from "./card-numbers";
import { StripeApiError } from "./errors";

export { brandOf, luhnValid };

export type CardBehaviour =
  | "succeed"
  | "decline_generic"
  | "decline_insufficient_funds"
  | "decline_lost_card"
  | "decline_stolen_card"
  /** 4100000000000019: risk level `highest`, always blocked (Radar): card_declined / fraudulent. */
  | "decline_fraudulent"
  /** 4000008260003178: 3-D Secure required, then the charge declines with insufficient_funds. */
  | "three_d_secure_then_insufficient_funds"
  | "decline_expired_card"
  | "decline_incorrect_cvc"
  | "decline_processing_error"
  /** 4000000000000341: attaches fine, every charge declines. */
  | "decline_on_charge"
  /** 3-D Secure required for on-session payments (4000002500003155). */
  | "three_d_secure"
  /** 3-D Secure always required, off-session payments decline with authentication_required (4000002760003184, 4000000000003220). */
  | "three_d_secure_always"
  /** 4000000000007726: charges succeed; a refund starts `pending` and succeeds later (`refund.updated`). */
  | "refund_pending";

export const CARD_BEHAVIOURS: Record<string, CardBehaviour> = {
  "4000000000000002": "decline_generic",
  "4000000000009995": "decline_insufficient_funds",
  "4000000000009987": "decline_lost_card",
  "4000000000009979": "decline_stolen_card",
  "4100000000000019": "decline_fraudulent",
  "4000008260003178": "three_d_secure_then_insufficient_funds",
  "4000000000000069": "decline_expired_card",
  "4000000000000127": "decline_incorrect_cvc",
  "4000000000000119": "decline_processing_error",
  "4000000000000341": "decline_on_charge",
  "4000002500003155": "three_d_secure",
  "4000002760003184": "three_d_secure_always",
  "4000000000003220": "three_d_secure_always",
  "4000000000007726": "refund_pending",
};

/** Test PaymentMethod ids (`pm_card_visa`...) → the card number they stand for. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_pendingRefund: "4000000000007726",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_discover: "6011111111111117",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_chargeDeclinedFraudulent: "4100000000000019",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_threeDSecureRequired: "4000002500003155",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_threeDSecure2Required: "4000000000003220",
};

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

export const DECLINES: Record<string, Decline> = {
  decline_generic: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  decline_on_charge: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  decline_insufficient_funds: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
  three_d_secure_then_insufficient_funds: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
  decline_lost_card: { code: "card_declined", decline_code: "lost_card", message: "Your card was declined." },
  decline_stolen_card: { code: "card_declined", decline_code: "stolen_card", message: "Your card was declined." },
  decline_fraudulent: { code: "card_declined", decline_code: "fraudulent", message: "Your card was declined." },
  test_mode_live_card: {
    code: "card_declined",
    decline_code: "test_mode_live_card",
    message: "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
  },
  decline_expired_card: { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." },
  decline_incorrect_cvc: { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." },
  decline_processing_error: {
    code: "processing_error",
    decline_code: "processing_error",
    message: "An error occurred while processing your card. Try again in a little bit.",
  },
  authentication_required: {
    code: "authentication_required",
    decline_code: "authentication_required",
    message: "Your card was declined. This transaction requires authentication.",
  },
};



const FINGERPRINT_KEY = "cashline-stripe-emulator";

/**
 * Stripe's documented test card numbers beyond the behaviour table (brands, countries, debit and
 * prepaid): any other Luhn-valid number is a live card, declined in test mode.
 */
const TEST_NUMBERS = new Set([
  "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100",
  "378282246310005", "371449635398431", "6011111111111117", "6011000990139424", "6011981111111113", "3056930009020004",
  "36227206271667", "6555900000604105", "3566002020360505", "6200000000000005", "6200000000000047", "6205500000000000004",
  "4000002500001001", "5555552500001001", "3714496353984312",
]);

/** A number Stripe accepts in test mode: a documented test card (all of its `4000…` cards included). */
export function isTestCardNumber(number: string): boolean {
  return TEST_NUMBERS.has(number) || number in CARD_BEHAVIOURS || number.startsWith("4000");
}

export interface CheckedCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: "credit" | "debit";
  behaviour: CardBehaviour;
  cvcProvided: boolean;
}

function cardError(message: string, code: string, param: string): StripeApiError {
  return new StripeApiError(402, "card_error", message, { code, param });
}

/** Validate raw card details like Stripe does at PaymentMethod creation and derive what we keep. */
export function checkCard(input: { number: string; exp_month: number; exp_year: number; cvc?: string }, now = new Date()): CheckedCard {
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw cardError("Your card number is incorrect.", "incorrect_number", "card[number]");
  }
  const brand = brandOf(number);
  if (!isTestCardNumber(number)) {
    const d = DECLINES.test_mode_live_card;
    throw new StripeApiError(402, "card_error", d.message, { code: d.code, decline_code: d.decline_code });
  }
  if (input.exp_month < 1 || input.exp_month > 12) {
    throw cardError("Your card's expiration month is invalid.", "invalid_expiry_month", "card[exp_month]");
  }
  const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
  const thisYear = now.getUTCFullYear();
  if (year < thisYear || year > thisYear + 50) {
    throw cardError("Your card's expiration year is invalid.", "invalid_expiry_year", "card[exp_year]");
  }
  if (year === thisYear && input.exp_month < now.getUTCMonth() + 1) {
    throw cardError("Your card's expiration month is invalid.", "invalid_expiry_month", "card[exp_month]");
  }
  if (input.cvc !== undefined) {
    const cvcLength = brand === "amex" ? /^\d{3,4}$/ : /^\d{3}$/;
    if (!cvcLength.test(input.cvc)) throw cardError("Your card's security code is invalid.", "invalid_cvc", "card[cvc]");
  }
  return {
    brand,
    last4: number.slice(-4),
    exp_month: input.exp_month,
    exp_year: year,
    fingerprint: createHmac("sha256", FINGERPRINT_KEY).update(number).digest("base64url").replace(/[-_]/g, "").slice(0, 16),
    funding: number === "4000056655665556" ? "debit" : "credit",
    behaviour: CARD_BEHAVIOURS[number] ?? "succeed",
    cvcProvided: input.cvc !== undefined,
  };
}
