/**
 * What a payer reads when Stripe refuses a payment: one sentence in plain words, chosen by the
 * error's `decline_code` or `code` (Stripe's documented codes), never an API term. Shared by the
 * checkout, the subscription pages and the IVR's logs; it runs in the browser too (Stripe.js
 * errors) and on the server (the SDK's errors), so it imports nothing.
 *
 * Declines that hint at fraud (lost, stolen, pickup, fraudulent) read as a plain decline: the
 * payer is not told why the bank refused, as Stripe advises. An unknown code falls back to
 * Stripe's own message, which Stripe writes for payers; validation errors (an incomplete card
 * number, say) are Stripe.js's own text.
 */
export type PaymentErrorLike = { type?: string; code?: string | null; decline_code?: string | null; message?: string | null };

const DECLINED = "Your card was declined. Try another card, or contact your bank.";
const AUTHENTICATION = "Your bank couldn't confirm this payment. Try again or use another card.";

const BY_CODE: Record<string, string> = {
  generic_decline: DECLINED,
  card_declined: DECLINED,
  do_not_honor: DECLINED,
  lost_card: DECLINED,
  stolen_card: DECLINED,
  pickup_card: DECLINED,
  restricted_card: DECLINED,
  fraudulent: DECLINED,
  merchant_blacklist: DECLINED,
  transaction_not_allowed: DECLINED,
  insufficient_funds: "Your card has insufficient funds. Try another card.",
  expired_card: "Your card has expired. Check the expiry date or use another card.",
  incorrect_cvc: "Your card's security code is incorrect. Check it and try again.",
  invalid_cvc: "Your card's security code is incorrect. Check it and try again.",
  incorrect_number: "Your card number is incorrect. Check it and try again.",
  invalid_number: "Your card number is incorrect. Check it and try again.",
  invalid_expiry_month: "Your card's expiry date is incorrect. Check it and try again.",
  invalid_expiry_year: "Your card's expiry date is incorrect. Check it and try again.",
  incorrect_zip: "Your card's postal code is incorrect. Check it and try again.",
  card_velocity_exceeded: "Your card has reached its limit. Try another card, or contact your bank.",
  withdrawal_count_limit_exceeded: "Your card has reached its limit. Try another card, or contact your bank.",
  processing_error: "We couldn't process your card just now. Please try again in a moment.",
  authentication_required: AUTHENTICATION,
  payment_intent_authentication_failure: AUTHENTICATION,
  setup_intent_authentication_failure: AUTHENTICATION,
  card_not_supported: "Your card does not support this kind of purchase. Try another card.",
  currency_not_supported: "Your card does not support this currency. Try another card.",
  test_mode_live_card: "This is a real card, and the shop is in test mode. Use a test card.",
};

/** The sentence to show the payer for a refused payment (`fallback` when Stripe gave nothing). */
export function paymentErrorMessage(err: PaymentErrorLike | null | undefined, fallback = "Your payment was not completed. Try again or use another card."): string {
  if (!err) return fallback;
  if (err.type === "validation_error") return err.message || fallback;
  const known = (err.decline_code && BY_CODE[err.decline_code]) || (err.code && BY_CODE[err.code]);
  return known || err.message || fallback;
}
