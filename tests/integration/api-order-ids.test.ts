import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { paymentMethodIdSchema, placeAndPayOrder } from "@/lib/checkout/api-order";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

describe(`payment method ids from API clients (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it.each(["card_5105105105105100", "pm_4242424242424242", "tok_4000002500003155", "pm_abc4111111111111111xyz", "pm_", "pm_short", "pm_card_visa\u0000", "pm_x/../y", `pm_${"a".repeat(65)}`])(
    "refuses %j",
    (id) => {
      expect(paymentMethodIdSchema.safeParse(id).success).toBe(false);
    },
  );

  it.each(["pm_1NvXgS2eZvKYlo2CQm8dC3xY", "pm_card_visa", "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds", "tok_visa", "pm_doesnotexist", "card_1NvXgS2eZvKYlo2C"])("accepts %j", (id) => {
    expect(paymentMethodIdSchema.safeParse(id).success).toBe(true);
  });

  it("never puts the client's payment method id into an idempotency key sent to Stripe", async () => {
    const [user] = await testDb.handle.db.insert(users).values({ email: "ids@example.com" }).returning();
    const [pen] = await productIds("fountain-pen");
    const order = await placeAndPayOrder({ user, items: [{ product_id: pen, quantity: 1 }], paymentMethodId: "pm_card_visa" });
    expect(order.status).toBe("paid");
    // Stripe records each request's idempotency key on the events it caused.
    const events = await stripe.stripe.events.list({ limit: 100 });
    const keys = events.data.map((e) => e.request?.idempotency_key).filter((k): k is string => !!k);
    expect(keys.some((k) => k.startsWith("cashline-api-confirm-"))).toBe(true);
    expect(keys.filter((k) => k.includes("pm_card_visa"))).toEqual([]);
  });
});
