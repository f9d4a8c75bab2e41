import { describe, expect, it } from "vitest";
import { maskForAudit } from "@/lib/audit/mask";

const VISA = "4242424242424242";
const AMEX = "378282246310005";
const MASTERCARD = "5555555555554444";
/** 16 digits that fail Luhn: an order number, not a card. */
const NOT_A_CARD = "4242424242424241";
const masked = (last4: string) => `•••• ${last4}`;

describe("maskForAudit: card numbers keep their last four", () => {
  it.each<[string, unknown, unknown]>([
    ["a PAN as a string", { note: VISA }, { note: masked("4242") }],
    ["a PAN as a JSON number", { n: Number(VISA) }, { n: masked("4242") }],
    ["a PAN as the whole value", VISA, masked("4242")],
    ["a PAN with spaces", { n: "4242 4242 4242 4242" }, { n: masked("4242") }],
    ["a PAN with dashes", { n: "5555-5555-5555-4444" }, { n: masked("4444") }],
    ["an Amex grouped 4-6-5", { n: "3782 822463 10005" }, { n: masked("0005") }],
    ["an Amex in one run", { n: AMEX }, { n: masked("0005") }],
    ["a PAN inside text", { memo: `card ${VISA} exp 12/34` }, { memo: `card ${masked("4242")} exp 12/34` }],
    ["a PAN next to other digits, space-separated", { memo: `12345 ${MASTERCARD} 678` }, { memo: `12345 ${masked("4444")} 678` }],
    ["a PAN next to letters", { memo: `x${VISA}y` }, { memo: `x${masked("4242")}y` }],
    ["two PANs in one string", { memo: `${VISA},${MASTERCARD}` }, { memo: `${masked("4242")},${masked("4444")}` }],
    ["a PAN in nested arrays", { a: [[1, [VISA]], [{ b: [Number(MASTERCARD)] }]] }, { a: [[1, [masked("4242")]], [{ b: [masked("4444")] }]] }],
    ["a PAN as a key", { [VISA]: true }, { [masked("4242")]: true }],
    ["a Luhn-valid run starting with 1 (UATP)", { n: "135410014004955" }, { n: masked("4955") }],
    ["a 19-digit PAN", { n: "6221260000000000001" }, { n: masked("0001") }],
  ])("%s", (_name, input, expected) => {
    expect(maskForAudit(input)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["a Luhn-invalid 16-digit run", { order: NOT_A_CARD }],
    ["a Luhn-invalid 16-digit number", { order: Number(NOT_A_CARD) }],
    ["a 12-digit run", { n: "424242424242" }],
    ["a 20-digit Luhn-valid run (longer than any card)", { n: "42424242424242424242" }],
    ["a Luhn-valid PAN inside a longer, Luhn-invalid digit run", { n: `9${VISA}1` }],
    ["a UUID", { id: "4b1d2c3e-4242-4242-4242-424242424242" }],
    ["amounts, ids and expiry", { amount: 4242, order_id: "ord_4242", trans_id: "txn_123", exp_month: 12, exp_year: 2034, key_id: "k1" }],
    ["a small float", { ratio: 0.4242424242424242 }],
    ["booleans and nulls", { a: true, b: null, c: [false, null] }],
  ])("keeps %s", (_name, input) => {
    expect(maskForAudit(input)).toEqual(input);
  });

  it("a card-number field is masked to its last four even when it fails Luhn", () => {
    expect(maskForAudit({ cc_num: NOT_A_CARD, card_number: "4242 4242 4242 4241", pan: Number(NOT_A_CARD) })).toEqual({
      cc_num: masked("4241"),
      card_number: masked("4241"),
      pan: masked("4241"),
    });
    expect(maskForAudit({ card: { number: NOT_A_CARD, exp_month: 12, brand: "visa", last4: "4241" } })).toEqual({
      card: { number: masked("4241"), exp_month: 12, brand: "visa", last4: "4241" },
    });
    expect(maskForAudit({ "card[number]": NOT_A_CARD, "card[exp_year]": "2034" })).toEqual({ "card[number]": masked("4241"), "card[exp_year]": "2034" });
  });

  it("an integer too large for a double to hold exactly keeps none of its digits", () => {
    const out = maskForAudit({ n: 4242424242424242424 }) as { n: unknown };
    expect(out.n).toBe("[number too large to keep]");
  });
});

describe("maskForAudit: CVV/CVC fields are removed", () => {
  it.each(["cvv", "cvc", "CVC", "cvv2", "cvc2", "card_cvc", "card[cvc]", "cardCvc", "Card-CVV", "security_code", "securityCode", "csc"])("%s", (key) => {
    const out = maskForAudit({ [key]: "123", amount: 100, nested: { [key]: 123 }, list: [{ [key]: "4567" }] });
    expect(out).toEqual({ amount: 100, nested: {}, list: [{}] });
  });
});

describe("maskForAudit: secrets are replaced by [redacted]", () => {
  it.each([
    "password",
    "Password",
    "new_password",
    "password_confirmation",
    "passwd",
    "secret",
    "client_secret",
    "token",
    "csrfToken",
    "access_token",
    "refresh_token",
    "access",
    "refresh",
    "authorization",
    "Authorization",
    "api_key",
    "apiKey",
    "x-api-key",
    "cookie",
    "pin",
    "otp_code",
    "key",
  ])("%s", (key) => {
    expect(maskForAudit({ [key]: "hunter2-" + VISA, deeper: [{ [key]: { any: "thing" } }] })).toEqual({
      [key]: "[redacted]",
      deeper: [{ [key]: "[redacted]" }],
    });
  });

  it.each(["trans_id", "order_id", "amount", "key_id", "access_level", "shipping", "idempotency_key", "username", "email", "spinner", "token_type"])(
    "does not take %s for a secret",
    (key) => {
      expect(maskForAudit({ [key]: "value-1" })).toEqual({ [key]: "value-1" });
    },
  );
});

describe("maskForAudit: secret-shaped text under any key", () => {
  it("masks JWTs, client secrets and Stripe keys as the logger does", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
    const out = maskForAudit({
      next: `https://shop.example/return?payment_intent=pi_123&payment_intent_client_secret=pi_123_secret_abcDEF`,
      note: `bearer ${jwt}`,
      config: "sk_test_abcdefghijklmnopqrstuvwx",
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain("abcDEF");
    expect(text).not.toContain(jwt);
    expect(text).not.toContain("abcdefghijklmnopqrstuvwx");
    expect(out).toMatchObject({ next: expect.stringContaining("payment_intent=pi_123&") });
  });
});

describe("maskForAudit: hostile shapes", () => {
  it("caps depth without recursion (100 000 levels)", () => {
    let deep: unknown = VISA;
    for (let i = 0; i < 100_000; i++) deep = { a: [deep] };
    const text = JSON.stringify(maskForAudit(deep));
    expect(text).toContain("[too deep]");
    expect(text).not.toContain(VISA);
  });

  it("replaces what jsonb refuses (NUL, lone surrogates)", () => {
    expect(maskForAudit({ a: "x\u0000y", b: "\ud800", c: "ok \ud83d\ude00" })).toEqual({ a: "x\uFFFDy", b: "\uFFFD", c: "ok \ud83d\ude00" });
  });

  it("does not change its input", () => {
    const input = { card: { number: VISA, cvc: "123" }, password: "p" };
    const copy = structuredClone(input);
    maskForAudit(input);
    expect(input).toEqual(copy);
  });

  it("leaves no full card number anywhere in a realistic Stripe-style body", () => {
    const body = {
      payment_method_data: { type: "card", card: { number: VISA, exp_month: 12, exp_year: 2034, cvc: "314" } },
      customer: { name: "Ada", phone: "+1 415 555 0100", notes: [`old card ${MASTERCARD}`, { backup: Number(AMEX) }] },
      amount: 4200,
      authorization: "Bearer eyJhbGciOi.eyJzdWIi.sig",
    };
    const text = JSON.stringify(maskForAudit(body));
    for (const pan of [VISA, MASTERCARD, AMEX]) expect(text).not.toContain(pan);
    expect(text).not.toContain("314");
    expect(text).not.toContain("Bearer");
    expect(text).toContain('"exp_month":12');
    expect(text).toContain("+1 415 555 0100");
  });
});
