import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, users } from "@/db/schema";
import { CardDeclinedError, placeAndPayOrder } from "@/lib/checkout/api-order";
import { statusOf } from "@/lib/http/errors";
import { listOrdersForUser, type OrderWithItems } from "@/lib/orders";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let user: { id: string; email: string };
let pen: string;
let mug: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  [pen, mug] = await productIds("fountain-pen", "stoneware-mug");
  const [row] = await testDb.handle.db.insert(users).values({ email: "api-buyer@example.com" }).returning();
  user = { id: row.id, email: row.email };
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

describe(`orders placed by API (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("prices, pays and records the order with metadata.order_id", async () => {
    const order = await placeAndPayOrder({ user, items: [{ product_id: pen, quantity: 1 }, { product_id: mug, quantity: 2 }], paymentMethodId: "pm_card_visa" });
    expect(order.status).toBe("paid");
    expect(order.amountTotal).toBe(7500 + 4400);
    expect(order.source).toBe("api");
    const pi = await stripe.stripe.paymentIntents.retrieve(order.paymentIntentId!);
    expect(pi.metadata.order_id).toBe(order.id);
    expect(pi.status).toBe("succeeded");
    expect((await listOrdersForUser(user.id)).map((o) => o.id)).toContain(order.id);
  });

  it("charges once when a request with an idempotency key is retried", async () => {
    const input = { user, items: [{ product_id: mug, quantity: 1 }], paymentMethodId: "pm_card_visa", idempotencyKey: "retry-me-1" };
    const first = await placeAndPayOrder(input);
    const second = await placeAndPayOrder(input);
    expect(second.id).toBe(first.id);
    const charges = await stripe.stripe.charges.list({ payment_intent: first.paymentIntentId! });
    expect(charges.data).toHaveLength(1);
  });

  it("reports a decline as a 402 with Stripe's message and keeps the order failed", async () => {
    let caught: unknown;
    try {
      await placeAndPayOrder({ user, items: [{ product_id: pen, quantity: 1 }], paymentMethodId: "pm_card_chargeDeclinedInsufficientFunds" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CardDeclinedError);
    const declined = caught as CardDeclinedError<OrderWithItems>;
    expect(statusOf(declined)).toBe(402);
    expect(declined.declineCode).toBe("insufficient_funds");
    const [row] = await testDb.handle.db.select().from(orders).where(eq(orders.id, declined.order!.id));
    expect(row.status).toBe("failed");
  });

  it("refuses an unknown payment method with a 400 naming it", async () => {
    await expect(placeAndPayOrder({ user, items: [{ product_id: pen, quantity: 1 }], paymentMethodId: "pm_doesnotexist" })).rejects.toMatchObject({
      code: "invalid_payment_method",
      fields: { payment_method: expect.any(Array) },
    });
  });
});
