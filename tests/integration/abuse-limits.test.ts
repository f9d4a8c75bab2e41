import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { registerUser, SIGNUPS_PER_IP_DEFAULT } from "@/lib/auth/signup";
import { CardDeclinedError, placeAndPayOrder } from "@/lib/checkout/api-order";
import { MAX_DECLINES } from "@/lib/checkout/payment-limits";
import { RateLimitedError } from "@/lib/rate-limit";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let pen: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  [pen] = await productIds("fountain-pen");
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

async function buyer(email: string) {
  const [row] = await testDb.handle.db.insert(users).values({ email }).returning();
  return { id: row.id, email: row.email };
}

/** What one payment attempt ended in: "paid", "declined" or "rate_limited". */
async function attempt(input: Parameters<typeof placeAndPayOrder>[0]): Promise<string> {
  try {
    return (await placeAndPayOrder(input)).status;
  } catch (err) {
    if (err instanceof RateLimitedError) {
      expect(err.retryAfterSeconds).toBeGreaterThan(0);
      return "rate_limited";
    }
    if (err instanceof CardDeclinedError) return "declined";
    throw err;
  }
}

const declining = (user: { id: string; email: string }, ip: string, extra: object = {}) => ({
  user,
  ip,
  items: [{ product_id: pen, quantity: 1 }],
  paymentMethodId: "pm_card_chargeDeclined",
  ...extra,
});

describe(`card testing (M4, ${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it(`stops a user after ${MAX_DECLINES} declines, whatever card comes next`, async () => {
    const user = await buyer("tester-1@example.com");
    const results = [];
    for (let i = 0; i < MAX_DECLINES + 2; i++) results.push(await attempt(declining(user, `198.51.100.${i}`)));
    expect(results).toEqual([...Array(MAX_DECLINES).fill("declined"), "rate_limited", "rate_limited"]);
    expect(await attempt({ ...declining(user, "198.51.100.99"), paymentMethodId: "pm_card_visa" })).toBe("rate_limited");
  });

  it("stops an IP that spreads its declines over many accounts", async () => {
    const results = [];
    for (let i = 0; i < MAX_DECLINES + 1; i++) results.push(await attempt(declining(await buyer(`spread-${i}@example.com`), "203.0.113.77")));
    expect(results.at(-1)).toBe("rate_limited");
    expect(results.slice(0, MAX_DECLINES).every((r) => r === "declined")).toBe(true);
    // Somebody else, elsewhere, pays as usual.
    expect(await attempt({ ...declining(await buyer("innocent@example.com"), "203.0.113.78"), paymentMethodId: "pm_card_visa" })).toBe("paid");
  });

  it("a payment that goes through is not counted", async () => {
    const user = await buyer("good-payer@example.com");
    for (let i = 0; i < MAX_DECLINES + 2; i++) {
      expect(await attempt({ ...declining(user, "192.0.2.60"), paymentMethodId: "pm_card_visa" })).toBe("paid");
    }
  });
});

describe("signup floods (M4)", () => {
  it(`lets ${SIGNUPS_PER_IP_DEFAULT} signups an hour through from one IP, then answers 429`, async () => {
    const results = [];
    for (let i = 0; i < SIGNUPS_PER_IP_DEFAULT + 3; i++) {
      results.push(
        await registerUser({ email: `flood-${i}@example.com`, password: "flood-password" }, { ip: "198.51.100.200" }).then(
          () => "created",
          (err) => (err instanceof RateLimitedError ? "rate_limited" : String(err)),
        ),
      );
    }
    expect(results).toEqual([...Array(SIGNUPS_PER_IP_DEFAULT).fill("created"), "rate_limited", "rate_limited", "rate_limited"]);
    // Another address is not affected.
    await expect(registerUser({ email: "elsewhere@example.com", password: "flood-password" }, { ip: "198.51.100.201" })).resolves.toMatchObject({
      email: "elsewhere@example.com",
    });
  });
});
