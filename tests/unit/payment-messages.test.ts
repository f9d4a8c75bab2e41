import { describe, expect, it } from "vitest";
import { paymentErrorMessage } from "@/lib/stripe/messages";

describe("payment error messages in plain words", () => {
  it.each([
    [{ type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." }, "Your card was declined. Try another card, or contact your bank."],
    [{ type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." }, "Your card has insufficient funds. Try another card."],
    // A decline that hints at fraud reads as a plain decline.
    [{ type: "card_error", code: "card_declined", decline_code: "stolen_card", message: "Your card was declined." }, "Your card was declined. Try another card, or contact your bank."],
    [{ type: "card_error", code: "expired_card", message: "Your card has expired." }, "Your card has expired. Check the expiry date or use another card."],
    [{ type: "invalid_request_error", code: "payment_intent_authentication_failure", message: "We are unable to authenticate your payment method." }, "Your bank couldn't confirm this payment. Try again or use another card."],
    [{ type: "card_error", code: "card_declined", decline_code: "test_mode_live_card" }, "This is a real card, and the shop is in test mode. Use a test card."],
  ])("%j → %s", (err, expected) => {
    expect(paymentErrorMessage(err)).toBe(expected);
  });

  it("keeps Stripe.js's validation text and Stripe's message for codes it does not know", () => {
    expect(paymentErrorMessage({ type: "validation_error", code: "incomplete_number", message: "Your card number is incomplete." })).toBe("Your card number is incomplete.");
    expect(paymentErrorMessage({ type: "card_error", code: "some_new_code", message: "Stripe's sentence." })).toBe("Stripe's sentence.");
    expect(paymentErrorMessage(null, "Nothing happened.")).toBe("Nothing happened.");
    expect(paymentErrorMessage({})).toBe("Your payment was not completed. Try again or use another card.");
  });
});
