let seq = 0;

/**
 * A Twilio <Pay> Generic Pay Connector charge request as Twilio sends it
 * (https://www.twilio.com/docs/voice/twiml/pay/generic-pay-connector): a fresh transaction_id
 * unless given, the test Visa, USD, and `parameters` as the merchant's <Parameter> nouns.
 */
export function twilioChargeBody(amount: string, parameters: Record<string, string> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: "charge",
    transaction_id: `tw-${Date.now().toString(36)}-${seq++}`,
    cardnumber: "4242424242424242",
    cvv: "123",
    expiry_month: "12",
    expiry_year: "30",
    amount,
    currency_code: "USD",
    postal_code: "94111",
    description: "Phone order",
    parameters,
    ...extra,
  };
}
