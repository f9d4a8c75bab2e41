import { format } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { toErrorResponse } from "@/lib/http/route";
import { hashPassword } from "@/lib/auth/passwords";
import { log } from "@/lib/log";
import { findSecrets } from "@/lib/security/secrets";
import { startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase());
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

/** Everything this process logs during a test, whichever channel it takes (stdout or console.*). */
let written: string[] = [];
beforeEach(() => {
  written = [];
  const stdout = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    return stdout(chunk, ...(rest as []));
  });
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(format(...args)));
  }
});
afterEach(() => vi.restoreAllMocks());
const output = () => written.join("\n");

const request = () => new Request("http://localhost/api/signup/", { method: "POST", headers: { "x-request-id": "req-test-1" } });

describe(`logging (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a database error answered as a 500 is logged without its SQL parameters (no password hash, no email)", async () => {
    const passwordHash = await hashPassword("correct-horse-battery");
    const email = `leak-${Date.now()}@example.com`;
    let dbError: unknown;
    try {
      // What signup did with a NUL in the name: Postgres refuses 0x00, and the driver's error quotes the parameters.
      await testDb.handle.db.insert(users).values({ email, name: "a\u0000b", passwordHash });
    } catch (err) {
      dbError = err;
    }
    expect(dbError).toBeInstanceOf(Error);
    expect(String((dbError as Error).message)).toContain("params:");

    const res = toErrorResponse(dbError, request());
    const text = output();
    expect(text).not.toContain("$argon2");
    expect(text).not.toContain(email);
    expect(findSecrets(text)).toEqual([]);

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side." } });
    // The log line and the answer share the request id.
    expect(res.headers.get("x-request-id")).toBe("req-test-1");
    expect(text).toContain("unhandled API error");
    expect(text).toContain("req-test-1");
  });

  it("a Stripe error answered as a 500 is logged without the raw response and its client secret (L4)", async () => {
    const pi = await stripe.stripe.paymentIntents.create({ amount: 1200, currency: "usd", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    expect(pi.status).toBe("succeeded");
    let stripeError: unknown;
    try {
      // Confirming an intent that already succeeded: Stripe's error carries the whole intent.
      await stripe.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    } catch (err) {
      stripeError = err;
    }
    expect(JSON.stringify((stripeError as { raw?: unknown }).raw)).toContain(pi.client_secret!);

    expect(toErrorResponse(stripeError, request()).status).toBe(500);
    const text = output();
    expect(text).not.toContain(pi.client_secret!);
    expect(findSecrets(text)).toEqual([]);
    expect(text).toContain("unhandled API error");
  });

  it("redacts secret keys wherever they sit, and scrubs secret-shaped text from messages", () => {
    log.info(
      {
        password: "hunter2-hunter2",
        user: { passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", email: "a@example.com" },
        headers: { authorization: "Bearer abc.def", cookie: "authjs.session-token=xyz" },
        body: { cc_num: "4242424242424242", cvv: "123", card: { number: "5555555555554444", cvc: "999" } },
        intent: { client_secret: "pi_3Abc_secret_Def" },
      },
      "paid with 4000 0025 0000 3155 using pi_3Abc_secret_Def and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl",
    );
    const text = output();
    for (const leaked of ["hunter2", "$argon2", "Bearer abc", "session-token=xyz", "4242424242424242", "5555555555554444", "4000 0025 0000 3155", "_secret_Def", "eyJzdWIi", '"123"', '"999"']) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain("[redacted]");
    expect(text).toContain("[card ending 3155]");
    expect(text).toContain("a@example.com");
    expect(findSecrets(text)).toEqual([]);
  });
});
