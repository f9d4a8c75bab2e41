import { describe, expect, it } from "vitest";
import { findSecrets, luhnValid, scrubSecrets } from "@/lib/security/secrets";

describe("secret-shaped text", () => {
  it.each([
    ["argon2 hash", "hash=$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"],
    ["jwt", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nature-x"],
    ["client secret", "secret pi_3PqRsT2eZvKYlo2C1abc_secret_XyZ123abc"],
    ["webhook secret", "STRIPE_WEBHOOK_SECRET=whsec_0123456789abcdef0123"],
    ["stripe secret key", "key sk_test_51NabcdEFGHijklMNOPqrstu"],
    ["card number", "card 4242424242424242 ok"],
    ["card number", "card 4000 0025 0000 3155 ok"],
    ["card number", "amex 3782-822463-10005"],
    ["card number", '{"cc_num":"4000-0025-0000-3155"}'],
  ])("finds a %s", (kind, text) => {
    expect(findSecrets(text).map((s) => s.kind)).toContain(kind);
    expect(findSecrets(scrubSecrets(text))).toEqual([]);
  });

  it.each([
    "at 2026-12-01T21:40:00.000Z, time 1764624000000 (ms)",
    "uniqueEmail fuzz-1764624395047-123456@example.com",
    // Luhn-valid digits, but grouped as identifiers are, not as card numbers are written:
    "rate limit key spray3-1796150001895-523456@example.com|127.0.0.1",
    "cart 40000006-5521-4387-9abc-def012345678",
    // a request id whose inner groups spell 4123-4567-8922-7, Luhn-valid (an e2e data scan hit one):
    "request_id 0a1b2c3d-4123-4567-8922-7abcdef01234",
    "4242424242424241 fails Luhn",
    "sk_test_e2e and sk_test_... in prose",
    "pi_3Abc without a secret; whsec_ alone",
  ])("leaves %j alone", (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("keeps a card's last four digits when scrubbing", () => {
    expect(scrubSecrets("paid with 5555555555554444")).toBe("paid with [card ending 4444]");
    expect(luhnValid("5105105105105100")).toBe(true);
  });
});
