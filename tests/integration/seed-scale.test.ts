import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScale } from "@/db/seed-scale";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

const scale = { products: 120, users: 40, orders: 25_000, webhookEvents: 300 };

describe(`the scale seed (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("writes what it promises, consistent with the app's rules, and a second run adds nothing", async () => {
    const db = testDb.handle.db;
    const first = await seedScale(db, { currency: "usd", scale });
    expect(first).toMatchObject({ products: 120, users: 40, orders: 25_000, webhookEvents: 300 });
    expect(first.orderItems).toBeGreaterThanOrEqual(25_000);

    const [check] = await testDb.handle.query<{ mismatched: number; bad_refunds: number; statuses: string[]; sources: string[]; items: number }>(
      `select (select count(*)::int from orders o where o.amount_total <> (select sum(unit_amount * quantity) from order_items i where i.order_id = o.id)) as mismatched,
              (select count(*)::int from orders where (status = 'refunded') <> (amount_refunded = amount_total and amount_refunded > 0)) as bad_refunds,
              (select array_agg(distinct status order by status) from orders) as statuses,
              (select array_agg(distinct source order by source) from orders) as sources,
              (select count(*)::int from order_items) as items`,
    );
    expect(check).toEqual({ mismatched: 0, bad_refunds: 0, statuses: ["canceled", "failed", "paid", "refunded"], sources: ["api", "ivr", "web"], items: first.orderItems });

    const again = await seedScale(db, { currency: "usd", scale });
    expect(again).toEqual({ products: 0, users: 0, orders: 0, orderItems: 0, webhookEvents: 0 });
    const [{ n }] = await testDb.handle.query<{ n: number }>("select count(*)::int as n from orders");
    expect(n).toBe(25_000);
  });
});
