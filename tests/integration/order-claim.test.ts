import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, users } from "@/db/schema";
import { addToCart, createCart } from "@/lib/cart";
import { checkoutCart } from "@/lib/checkout";
import { claimGuestOrder, claimSignupPath, getOrder, parseOrderClaim } from "@/lib/orders";
import { productIds, startStripeAndDatabase, stopStripeAndDatabase } from "../support/integration";
import type { TestStripe } from "../support/stripe";
import type { TestDatabase } from "@/support/test-db";

let stripe: TestStripe;
let testDb: TestDatabase;
let mug: string;

beforeAll(async () => {
  ({ stripe, testDb } = await startStripeAndDatabase({ seed: true }));
  [mug] = await productIds("stoneware-mug");
});
afterAll(() => stopStripeAndDatabase({ stripe, testDb }));

async function guestOrder() {
  const cart = await createCart();
  await addToCart(cart.id, mug, 1);
  // Seed 003's way in (no address collected): the claim does not depend on shipping.
  const session = await checkoutCart({ payer: null, cartId: cart.id, email: "guest-claim@example.com", shipping: "not-collected" });
  return { id: session.orderId, token: session.accessToken };
}

async function newUser(email: string) {
  const [row] = await testDb.handle.db.insert(users).values({ email }).returning();
  return row.id;
}

describe(`a guest's order joins the account made for it (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("claims with the order's token, once, and never someone else's order", async () => {
    const order = await guestOrder();
    const link = new URL(claimSignupPath({ id: order.id, accessToken: order.token }), "http://shop.test");
    expect(link.pathname).toBe("/signup");
    expect(link.searchParams.get("callbackUrl")).toBe(`/orders/${order.id}`);
    const claim = parseOrderClaim(link.searchParams.get("claim"));
    expect(claim).toEqual({ orderId: order.id, token: order.token });

    const thief = await newUser("claim-thief@example.com");
    expect(await claimGuestOrder({ orderId: order.id, token: "x".repeat(order.token.length) }, thief)).toBe(false);
    expect((await getOrder(order.id))?.userId).toBeNull();

    const owner = await newUser("claim-owner@example.com");
    expect(await claimGuestOrder(claim!, owner)).toBe(true);
    expect((await getOrder(order.id))?.userId).toBe(owner);
    // Claimed orders stay with their account, even with the right token.
    expect(await claimGuestOrder(claim!, thief)).toBe(false);
    const [row] = await testDb.handle.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row.userId).toBe(owner);
  });

  it("reads only well-formed claims", () => {
    expect(parseOrderClaim(null)).toBeNull();
    expect(parseOrderClaim("")).toBeNull();
    expect(parseOrderClaim("not-a-uuid.abcdefghijklmnopqrstuvwx")).toBeNull();
    expect(parseOrderClaim("6f1c2b9e-1f0a-4c59-9d55-3f2a1b0c9d8e.")).toBeNull();
    expect(parseOrderClaim("6f1c2b9e-1f0a-4c59-9d55-3f2a1b0c9d8e.short")).toBeNull();
    expect(parseOrderClaim("6f1c2b9e-1f0a-4c59-9d55-3f2a1b0c9d8e.abc def ghi jkl mno pqr")).toBeNull();
    expect(parseOrderClaim("6f1c2b9e-1f0a-4c59-9d55-3f2a1b0c9d8e.abcdefghijklmnopqrstuvwx")).toEqual({
      orderId: "6f1c2b9e-1f0a-4c59-9d55-3f2a1b0c9d8e",
      token: "abcdefghijklmnopqrstuvwx",
    });
  });
});
