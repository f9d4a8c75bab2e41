import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "@/lib/auth/users";
import { databaseHandle } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { stopJobQueue } from "@/lib/jobs/queue";
import { listOrdersForAdmin, type AdminOrderFilter } from "@/lib/orders";
import { listCustomersWithTotals, type CustomersFilter } from "@/lib/orders/stats";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await stopJobQueue();
  await testDb.drop();
});

async function order(userId: string | null, o: { total: number; refunded?: number; paid?: boolean; currency?: string; email?: string }): Promise<number> {
  const rows = await databaseHandle().query<{ number: string }>(
    `insert into orders (user_id, email, status, currency, amount_total, amount_refunded, access_token, paid_at) values ($1, $7, $2, $3, $4, $5, md5(random()::text), $6) returning number`,
    [userId, o.paid === false ? "pending" : "paid", o.currency ?? "usd", o.total, o.refunded ?? 0, o.paid === false ? null : new Date().toISOString(), o.email ?? "fixture@example.com"],
  );
  return Number(rows[0].number);
}

/** Every page of the list under one filter, following next cursors. */
async function allPages(filter: CustomersFilter) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomersWithTotals({ ...filter, cursor }, "usd");
    pages.push(page.customers.map((c) => c.email.split("@")[0]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 20);
  return pages;
}

describe(`admin: customers with order count and lifetime value (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const name of ["ann", "bob", "cat", "dan", "eve"]) {
      ids[name] = (await insertUser({ email: `${name}@customers.test`, name: name.toUpperCase(), role: "customer", password: "password-123" })).id;
    }
    ids.admin = (await insertUser({ email: "boss@customers.test", name: null, role: "admin", password: "password-123" })).id;
    // ann: two paid orders, one partly refunded → 2 orders, 3000 + (5000 − 2000) = 6000.
    await order(ids.ann, { total: 3000 });
    await order(ids.ann, { total: 5000, refunded: 2000 });
    // bob: one paid 6000 (ties ann on value), a pending one (counted, not valued), one in eur (counted, not valued).
    await order(ids.bob, { total: 6000 });
    await order(ids.bob, { total: 9999, paid: false });
    await order(ids.bob, { total: 7000, currency: "eur" });
    // cat: fully refunded → 1 order, 0. dan: none. eve: 100.
    await order(ids.cat, { total: 1200, refunded: 1200 });
    await order(ids.eve, { total: 100 });
    // An admin's order and a guest order: not customers here.
    await order(ids.admin, { total: 50_000 });
    await order(null, { total: 40_000 });
  });

  it("counts orders and sums paid totals net of refunds, in the store currency, customers only", async () => {
    const { customers, nextCursor } = await listCustomersWithTotals({}, "usd");
    expect(nextCursor).toBeNull();
    const byName = Object.fromEntries(customers.map((c) => [c.email.split("@")[0], [c.orderCount, c.lifetimeValue]]));
    expect(byName).toEqual({ ann: [2, 6000], bob: [3, 6000], cat: [1, 0], dan: [0, 0], eve: [1, 100] });
  });

  it("sorts by value or order count, either way, ties broken by id, and pages without gaps or repeats", async () => {
    const [annFirst] = [ids.ann, ids.bob].sort();
    const tie = annFirst === ids.ann ? ["ann", "bob"] : ["bob", "ann"];
    const [catId, danId] = [ids.cat, ids.dan];
    const zeroTie = [catId, danId].sort().map((id) => (id === catId ? "cat" : "dan"));

    expect((await allPages({ sort: "value", dir: "desc", limit: 2 })).flat()).toEqual([...[...tie].reverse(), "eve", ...[...zeroTie].reverse()]);
    expect(await allPages({ sort: "value", dir: "asc", limit: 2 })).toEqual([zeroTie, ["eve", tie[0]], [tie[1]]]);
    // Order counts: bob 3, ann 2, cat 1 / eve 1 (tie by id), dan 0.
    const oneTie = [ids.cat, ids.eve].sort().map((id) => (id === ids.cat ? "cat" : "eve"));
    expect(await allPages({ sort: "orders", dir: "desc", limit: 2 })).toEqual([["bob", "ann"], [...oneTie].reverse(), ["dan"]]);
    expect((await allPages({ sort: "orders", dir: "asc", limit: 3 })).flat()).toEqual(["dan", ...oneTie, "ann", "bob"]);
    // Page boundaries: a page of exactly the rest has no next page.
    const first = await listCustomersWithTotals({ sort: "orders", dir: "desc", limit: 4 }, "usd");
    expect(first.nextCursor).not.toBeNull();
    const rest = await listCustomersWithTotals({ sort: "orders", dir: "desc", limit: 1, cursor: first.nextCursor! }, "usd");
    expect(rest.customers.map((c) => c.email)).toEqual(["dan@customers.test"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("searches by email (LIKE characters taken literally) and refuses a bad cursor", async () => {
    const found = await listCustomersWithTotals({ q: "EVE@" }, "usd");
    expect(found.customers.map((c) => [c.email, c.orderCount, c.lifetimeValue])).toEqual([["eve@customers.test", 1, 100]]);
    expect((await listCustomersWithTotals({ q: "%" }, "usd")).customers).toEqual([]);
    const err = await listCustomersWithTotals({ cursor: "nope" }, "usd").catch((e: unknown) => e);
    expect(isDomainError(err) && err.fields).toEqual({ cursor: ["is not a cursor this list gave"] });
  });
});

describe(`admin: the orders list sorted by date or total, keyset pages (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("pages every sort without gaps or repeats, ties on the total broken by number", async () => {
    const n: number[] = [];
    for (const total of [500, 200, 500, 900, 200]) n.push(await order(null, { total, email: "sorted@orders.test" }));
    const pages = async (filter: AdminOrderFilter) => {
      const out: number[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listOrdersForAdmin({ ...filter, email: "sorted@orders", cursor, limit: 2 });
        out.push(page.orders.map((o) => o.number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < 10);
      return out;
    };
    expect(await pages({})).toEqual([[n[4], n[3]], [n[2], n[1]], [n[0]]]);
    expect((await pages({ sort: "date", dir: "asc" })).flat()).toEqual(n);
    expect(await pages({ sort: "total", dir: "desc" })).toEqual([[n[3], n[2]], [n[0], n[4]], [n[1]]]);
    expect((await pages({ sort: "total", dir: "asc" })).flat()).toEqual([n[1], n[4], n[0], n[2], n[3]]);
    // A date cursor is not a total cursor.
    const err = await listOrdersForAdmin({ sort: "total", cursor: String(n[0]) }).catch((e: unknown) => e);
    expect(isDomainError(err) && err.fields).toEqual({ cursor: ["must be the next_cursor of a previous page"] });
  });
});
