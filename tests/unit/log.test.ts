import { describe, expect, it } from "vitest";
import { safeError } from "@/lib/log";

describe("safeError", () => {
  it("keeps a Drizzle error's message up to its parameters, and the Postgres code of its cause", () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021", parameters: ["a@example.com", "$argon2id$v=19$x"] });
    const err = Object.assign(new Error('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: a@example.com,$argon2id$v=19$x'), { cause });
    const safe = safeError(err);
    expect(safe.message).toBe('Failed query: insert into "users" ("email", "password_hash") values ($1, $2) [params withheld]');
    expect(safe.cause).toMatchObject({ code: "22021", message: expect.stringContaining("0x00") });
    expect(JSON.stringify(safe)).not.toMatch(/a@example\.com|argon2/);
  });

  it("takes error-like objects (Auth.js errors from another bundle) by name, type and message", () => {
    expect(safeError({ name: "MissingCSRF", type: "MissingCSRF", message: "CSRF token was missing" })).toEqual({ type: "MissingCSRF", message: "CSRF token was missing" });
    expect(safeError("plain string")).toEqual({ type: "string", message: "plain string" });
  });

  it("never carries a Stripe error's raw response", () => {
    const err = Object.assign(new Error("You cannot confirm this PaymentIntent"), { type: "StripeInvalidRequestError", code: "payment_intent_unexpected_state", raw: { payment_intent: { client_secret: "pi_1_secret_2" } } });
    const safe = safeError(err);
    expect(safe).toMatchObject({ type: "StripeInvalidRequestError", code: "payment_intent_unexpected_state" });
    expect(JSON.stringify(safe)).not.toContain("secret");
  });
});
