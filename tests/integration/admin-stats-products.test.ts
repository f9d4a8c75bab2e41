import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addProduct, editProduct, productFormSchema } from "@/lib/admin/products";
import { dashboardStats } from "@/lib/admin/stats";
import { adminActionsOn } from "@/lib/audit";
import { insertUser } from "@/lib/auth/users";
import { addToCart, createCart } from "@/lib/cart";
import { getProductBySlug, listAllProducts, listProducts } from "@/lib/catalog";
import { databaseHandle } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { toDecimalString } from "@/lib/money";
import { stopJobQueue } from "@/lib/jobs/queue";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await stopJobQueue();
  await testDb.drop();
});

const NOW = new Date("2026-06-15T12:00:00Z");

/** An order row as checkout and the webhooks leave it (status, amounts, when paid). */
async function order(o: { status: string; total: number; refunded?: number; paidAt?: string | null; createdAt: string; currency?: string; userId?: string }) {
  await databaseHandle().query(
    `insert into orders (user_id, email, status, currency, amount_total, amount_refunded, access_token, paid_at, created_at) values ($1, 'fixture@example.com', $2, $3, $4, $5, md5(random()::text), $6, $7)`,
    [o.userId ?? null, o.status, o.currency ?? "usd", o.total, o.refunded ?? 0, o.paidAt ?? null, o.createdAt],
  );
}

describe(`admin: dashboard figures and products (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("revenue is paid orders net of refunds, by UTC day of payment, in the store currency; counts are exact", async () => {
    // Today (15 June, UTC): a paid order, a half-refunded one, a pending one and a failed one.
    await order({ status: "paid", total: 2500, paidAt: "2026-06-15T09:00:00Z", createdAt: "2026-06-15T08:59:00Z" });
    await order({ status: "paid", total: 4000, refunded: 1500, paidAt: "2026-06-15T00:00:00Z", createdAt: "2026-06-14T23:59:00Z" });
    await order({ status: "pending", total: 9999, createdAt: "2026-06-15T10:00:00Z" });
    await order({ status: "failed", total: 7777, createdAt: "2026-06-13T10:00:00Z" });
    // Fully refunded (nets to zero), another currency (left out), and one 40 days ago (outside 30d, inside 12m).
    await order({ status: "refunded", total: 1000, refunded: 1000, paidAt: "2026-06-10T10:00:00Z", createdAt: "2026-06-10T10:00:00Z" });
    await order({ status: "paid", total: 5000, paidAt: "2026-06-10T10:00:00Z", createdAt: "2026-06-10T10:00:00Z", currency: "eur" });
    await order({ status: "paid", total: 800, paidAt: "2026-05-06T23:59:59Z", createdAt: "2026-05-06T23:00:00Z" });
    // Paid 23:59:59 UTC on 14 June: counted on the 14th.
    await order({ status: "paid", total: 300, paidAt: "2026-06-14T23:59:59Z", createdAt: "2026-06-14T23:50:00Z" });

    const days = await dashboardStats("30d", NOW);
    expect(days.currency).toBe("usd");
    expect(days.revenue).toHaveLength(30);
    expect(days.revenue[0].period).toBe("2026-05-17");
    expect(days.revenue.at(-1)).toEqual({ period: "2026-06-15", amount: 2500 + 2500 });
    expect(days.revenue.find((p) => p.period === "2026-06-14")!.amount).toBe(300);
    expect(days.revenue.find((p) => p.period === "2026-06-10")!.amount).toBe(0);
    expect(days.revenueTotal).toBe(5300);
    // Placed today: the paid one (08:59) and the pending one; this week: every order but the 6 June and May ones.
    expect(days.orders).toEqual({ today: 2, week: 7 });

    const months = await dashboardStats("12m", NOW);
    expect(months.revenue).toHaveLength(12);
    expect(months.revenue[0].period).toBe("2025-07");
    expect(months.revenue.at(-1)).toEqual({ period: "2026-06", amount: 5300 });
    expect(months.revenue.at(-2)).toEqual({ period: "2026-05", amount: 800 });
    expect(months.revenueTotal).toBe(6100);
  });

  it("revenue adds paid subscription invoices by their day of payment, in the store currency only", async () => {
    const member = await insertUser({ email: "member-revenue@example.com", name: null, role: "customer", password: "password-123" });
    const [sub] = await databaseHandle().query<{ id: string }>(
      `insert into subscriptions (user_id, stripe_subscription_id, plan, stripe_price_id, status) values ($1, 'sub_revenue', 'basic', 'price_basic', 'canceled') returning id`,
      [member.id],
    );
    // Out of the next test's counts: an old customer whose membership has ended (its invoices still count).
    await databaseHandle().query(`update users set created_at = '2026-01-01T00:00:00Z' where id = $1`, [member.id]);
    const before = { days: await dashboardStats("30d", NOW), months: await dashboardStats("12m", NOW) };
    const invoice = (id: string, amount: number, paidAt: string, currency = "usd") =>
      databaseHandle().query(`insert into subscription_invoices (stripe_invoice_id, subscription_id, amount_paid, currency, paid_at) values ($1, $2, $3, $4, $5)`, [id, sub.id, amount, currency, paidAt]);
    await invoice("in_today", 900, "2026-06-15T01:00:00Z");
    await invoice("in_eur", 700, "2026-06-15T01:00:00Z", "eur");
    await invoice("in_april", 900, "2026-04-01T00:00:00Z");

    const days = await dashboardStats("30d", NOW);
    expect(days.revenue.at(-1)!.amount - before.days.revenue.at(-1)!.amount).toBe(900);
    expect(days.revenueTotal - before.days.revenueTotal).toBe(900);
    const months = await dashboardStats("12m", NOW);
    expect(months.revenueTotal - before.months.revenueTotal).toBe(1800);
    expect(months.revenue.find((p) => p.period === "2026-04")!.amount - before.months.revenue.find((p) => p.period === "2026-04")!.amount).toBe(900);
  });

  it("counts new customers, active subscriptions by plan, failed and dead webhooks", async () => {
    const recent = await insertUser({ email: "new-customer@example.com", name: null, role: "customer", password: "password-123" });
    const old = await insertUser({ email: "old-customer@example.com", name: null, role: "customer", password: "password-123" });
    await insertUser({ email: "new-admin@example.com", name: null, role: "admin", password: "password-123" });
    await databaseHandle().query(`update users set created_at = $1 where id = $2`, ["2026-06-01T00:00:00Z", old.id]);
    await databaseHandle().query(`update users set created_at = $1 where id = $2`, ["2026-06-12T00:00:00Z", recent.id]);
    await databaseHandle().query(`update users set created_at = $1 where email = 'new-admin@example.com'`, ["2026-06-12T00:00:00Z"]);
    const subs: [string, string, string][] = [
      [recent.id, "basic", "active"],
      [old.id, "pro", "past_due"],
      [old.id, "pro", "canceled"],
    ];
    for (const [userId, plan, status] of subs) {
      await databaseHandle().query(`insert into subscriptions (user_id, stripe_subscription_id, plan, stripe_price_id, status) values ($1, md5(random()::text), $2, 'price_x', $3)`, [userId, plan, status]);
    }
    for (const [id, status] of [["evt_1", "failed"], ["evt_2", "dead"], ["evt_3", "dead"], ["evt_4", "processed"]]) {
      await databaseHandle().query(`insert into webhook_events (id, type, payload, status, stripe_created_at) values ($1, 'payment_intent.succeeded', '{}', $2, now())`, [id, status]);
    }
    const stats = await dashboardStats("30d", NOW);
    expect(stats.newCustomers).toBe(1);
    expect(stats.activeSubscriptions).toEqual([
      { plan: "basic", count: 1 },
      { plan: "pro", count: 1 },
    ]);
    expect(stats.webhooks).toEqual({ failed: 1, dead: 2 });
    expect(stats.deadJobs).toBe(0);
  });

  it("the product form takes a decimal price (zero-decimal aware) and names each bad field", () => {
    const ok = productFormSchema.parse({ name: "Linen tote", price: "19.90", active: "on", bundled_image: "/products/canvas-tote-bag.svg" });
    expect(ok).toMatchObject({ name: "Linen tote", unit_amount: 1990, currency: "usd", image: "/products/canvas-tote-bag.svg", active: true });
    expect(productFormSchema.parse({ name: "Yen thing", price: "1500", currency: "jpy" })).toMatchObject({ unit_amount: 1500, currency: "jpy", active: false });
    const field = (input: Record<string, string>) => productFormSchema.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(field({ name: "x", price: "1500.5", currency: "jpy" })).toEqual(["price"]);
    expect(field({ name: "x", price: "19.999" })).toEqual(["price"]);
    expect(field({ name: "x", price: "0" })).toEqual(["price"]);
    expect(field({ name: "x", price: "-3" })).toEqual(["price"]);
    expect(field({ name: "x", price: "abc" })).toEqual(["price"]);
    expect(field({ name: "", price: "1" })).toEqual(["name"]);
    expect(field({ name: "x", price: "1", slug: "Not A Slug" })).toEqual(["slug"]);
    expect(field({ name: "x", price: "1", image: "javascript:alert(1)" })).toEqual(["image"]);
    // The edit form shows the stored price back as the same decimal.
    expect([toDecimalString(1999, "usd"), toDecimalString(5, "usd"), toDecimalString(1500, "jpy"), toDecimalString(1234, "kwd")]).toEqual(["19.99", "0.05", "1500", "1.234"]);
  });

  it("a taken slug is refused naming slug, with nothing written; archiving takes a product off the catalog and out of carts", async () => {
    const admin = await insertUser({ email: "product-admin@example.com", name: null, role: "admin", password: "password-123" });
    const actor = { id: admin.id, email: admin.email, name: null, role: "admin" as const };
    const mug = await addProduct({ name: "Admin mug", slug: "admin-mug", unit_amount: 1200 }, actor);
    const cup = await addProduct({ name: "Admin cup", slug: "admin-cup", unit_amount: 900 }, actor);
    const before = (await listAllProducts({ limit: 100 })).products.length;
    const taken = await addProduct({ name: "Another mug", slug: "admin-mug", unit_amount: 100 }, actor).catch((e: unknown) => e);
    expect(isDomainError(taken) && taken.fields).toEqual({ slug: ["is already used by another product"] });
    const renamed = await editProduct(cup.id, { slug: "admin-mug" }, actor).catch((e: unknown) => e);
    expect(isDomainError(renamed) && renamed.fields).toHaveProperty("slug");
    expect((await listAllProducts({ limit: 100 })).products.length).toBe(before);

    await editProduct(mug.id, { unit_amount: 1450 }, actor);
    expect((await getProductBySlug("admin-mug"))?.unitAmount).toBe(1450);
    await editProduct(mug.id, { active: false }, actor);
    expect(await getProductBySlug("admin-mug")).toBeNull();
    expect((await listProducts()).map((p) => p.slug)).not.toContain("admin-mug");
    expect((await listAllProducts({ status: "archived" })).products.map((p) => p.slug)).toEqual(["admin-mug"]);
    const cart = await createCart();
    const refused = await addToCart(cart.id, mug.id).catch((e: unknown) => e);
    expect(isDomainError(refused, "unknown_product")).toBe(true);

    const history = await adminActionsOn(`/admin/products/${mug.id}`);
    expect(history.map((h) => h.action)).toEqual(["product.archived", "product.edited", "product.created"]);
    expect(history[1].details).toMatchObject({ changes: { unitAmount: { from: 1200, to: 1450 } } });
    expect(history.every((h) => h.actorId === admin.id)).toBe(true);
  });
});
