import { count, eq, gte, inArray, sql } from "drizzle-orm";
import { executedRows, type DbExecutor } from "@/db/client";
import { orders } from "@/db/schema";
import { likeLiteral } from "@/db/like";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { amountsByPeriod, type RevenuePoint, type RevenueRange } from "@/lib/stats/periods";

/**
 * Read-only aggregates over orders for the admin area (the dashboard and the users list). Each
 * figure is one SQL aggregate; nothing here loads order rows into JavaScript.
 *
 * Revenue is what was paid and kept: amount_total − amount_refunded of orders that were paid
 * (paid_at is set only when an order is paid; refunded ones stay counted, net of the refund), in
 * one currency, by the UTC day (or month) of payment.
 */

/** Paid money kept, net of refunds (SQL, per row). */
const netPaid = sql<number>`(${orders.amountTotal} - ${orders.amountRefunded})`;

/** A customer's lifetime value over their grouped orders: paid ones, net of refunds, in `currency`. */
const lifetimeValue = (currency: string) =>
  sql<number>`coalesce(sum(${netPaid}) filter (where ${orders.paidAt} is not null and ${orders.currency} = ${currency}), 0)::bigint`;

export type OrderTotals = { orderCount: number; lifetimeValue: number };

/** Per user: how many orders they placed and what their paid orders brought in, net of refunds (one grouped query). */
export async function orderTotalsForUsers(userIds: string[], currency: string): Promise<Map<string, OrderTotals>> {
  if (userIds.length === 0) return new Map();
  const rows = await db()
    .select({
      userId: orders.userId,
      orderCount: sql<number>`count(*)::int`,
      lifetimeValue: lifetimeValue(currency),
    })
    .from(orders)
    .where(inArray(orders.userId, userIds))
    .groupBy(orders.userId);
  return new Map(rows.map((r) => [r.userId!, { orderCount: Number(r.orderCount), lifetimeValue: Number(r.lifetimeValue) }]));
}

/** Does the user have any order? (read in the caller's transaction, under its lock) */
export async function userHasOrders(userId: string, database: DbExecutor = db()): Promise<boolean> {
  const [row] = await database.select({ n: count() }).from(orders).where(eq(orders.userId, userId));
  return row.n > 0;
}

export type { RevenuePoint, RevenueRange };

/** Paid orders' money kept (net of refunds) per UTC day for the last 30 days, or per month for 12. */
export function revenueSeries(range: RevenueRange, currency: string, now = new Date()): Promise<RevenuePoint[]> {
  return amountsByPeriod(range, now, ({ unit, from, until }) => sql`
    select date_trunc(${unit}, ${orders.paidAt} at time zone 'UTC') as period, sum(${netPaid}) as amount
    from ${orders}
    where ${orders.paidAt} is not null
      and ${orders.paidAt} >= ${from}
      and ${orders.paidAt} < ${until}
      and ${orders.currency} = ${currency}
    group by 1`);
}

/** Orders placed since each cut-off (today, the last 7 days), any status: one query. */
export async function orderCountsSince(cutoffs: { today: Date; week: Date }): Promise<{ today: number; week: number }> {
  const [row] = await db()
    .select({
      today: sql<number>`count(*) filter (where ${orders.createdAt} >= ${cutoffs.today.toISOString()}::timestamptz)::int`,
      week: sql<number>`count(*)::int`,
    })
    .from(orders)
    .where(gte(orders.createdAt, cutoffs.week < cutoffs.today ? cutoffs.week : cutoffs.today));
  return { today: Number(row.today), week: Number(row.week) };
}

export type CustomerSort = "value" | "orders";
export type CustomerRow = { id: string; email: string; name: string | null; createdAt: Date; orderCount: number; lifetimeValue: number };
export type CustomersFilter = { q?: string; sort?: CustomerSort; dir?: "asc" | "desc"; cursor?: string; limit?: number };

/** A customers-page cursor: the last row's sort key and id ("<key>.<id>"). */
export const CUSTOMER_CURSOR = /^(0|-?[1-9]\d{0,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Registered customers (role customer) with how many orders they placed and their lifetime value
 * (paid orders net of refunds, in `currency`): one grouped SQL query, sorted by value or order
 * count (ties broken by id) and keyset-paginated on (key, id) — no OFFSET, no rows loaded into JS
 * beyond the page. The cursor is "<key>.<id>" of the page's last row.
 */
export async function listCustomersWithTotals(filter: CustomersFilter, currency: string): Promise<{ customers: CustomerRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 100);
  const key = sql.raw(filter.sort === "orders" ? "order_count" : "lifetime_value");
  const desc = (filter.dir ?? "desc") === "desc";
  const cmp = sql.raw(desc ? "<" : ">");
  const order = sql.raw(desc ? "desc" : "asc");
  const match = filter.q ? sql`and lower(u.email) like ${`%${likeLiteral(filter.q.toLowerCase())}%`}` : sql``;
  const cursor = filter.cursor ? CUSTOMER_CURSOR.exec(filter.cursor) : null;
  if (filter.cursor && !cursor) throw new DomainError("invalid_request", "Invalid cursor", { cursor: ["is not a cursor this list gave"] });
  const after = cursor ? sql`where (${key}, id) ${cmp} (${Number(cursor[1])}::bigint, ${cursor[2]}::uuid)` : sql``;
  const rows = await db().execute<{ id: string; email: string; name: string | null; created_at: string | Date; order_count: number | string; lifetime_value: number | string }>(sql`
    with totals as (
      select u.id, u.email, u.name, u.created_at,
        count(${orders.id})::bigint as order_count,
        ${lifetimeValue(currency)} as lifetime_value
      from users u
      left join ${orders} on ${orders.userId} = u.id
      where u.role = 'customer' ${match}
      group by u.id
    )
    select * from totals ${after}
    order by ${key} ${order}, id ${order}
    limit ${limit + 1}`);
  const all = executedRows<{ id: string; email: string; name: string | null; created_at: string | Date; order_count: number | string; lifetime_value: number | string }>(rows);
  const page = all.slice(0, limit).map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    createdAt: new Date(r.created_at),
    orderCount: Number(r.order_count),
    lifetimeValue: Number(r.lifetime_value),
  }));
  const last = page[page.length - 1];
  const lastKey = last ? (filter.sort === "orders" ? last.orderCount : last.lifetimeValue) : 0;
  return { customers: page, nextCursor: all.length > limit && last ? `${lastKey}.${last.id}` : null };
}
