import { sql, type SQL } from "drizzle-orm";
import { executedRows } from "@/db/client";
import { db } from "@/lib/db";

/**
 * Money per UTC period for the admin dashboard, shared by the modules that own paid money (orders,
 * subscription invoices): the last 30 days (today included) by day, or the last 12 months by
 * month; one query, gaps filled by generate_series so a chart has every period.
 */
export type RevenuePoint = { period: string; amount: number };
export type RevenueRange = "30d" | "12m";

/** The source: `paid` rows (period, amount) from the owner's table, given the range's bounds. */
export type PaidByPeriod = (bounds: { unit: SQL; from: SQL; until: SQL }) => SQL;

export async function amountsByPeriod(range: RevenueRange, now: Date, paid: PaidByPeriod): Promise<RevenuePoint[]> {
  const unit = range === "30d" ? "day" : "month";
  const steps = range === "30d" ? 29 : 11;
  const step = sql.raw(`'1 ${unit}'::interval`);
  const unitSql = sql.raw(`'${unit}'`);
  const end = sql`date_trunc(${unitSql}, ${now.toISOString()}::timestamptz at time zone 'UTC')`;
  const start = sql`(${end} - ${sql.raw(`'${steps} ${unit}'::interval`)})`;
  const source = paid({ unit: unitSql, from: sql`(${start}) at time zone 'UTC'`, until: sql`(${end} + ${step}) at time zone 'UTC'` });
  const rows = await db().execute<{ period: string; amount: string | number }>(sql`
    with paid as (${source})
    select to_char(s.period, ${range === "30d" ? "YYYY-MM-DD" : "YYYY-MM"}) as period, coalesce(paid.amount, 0) as amount
    from generate_series(${start}, ${end}, ${step}) as s(period)
    left join paid on paid.period = s.period
    order by s.period`);
  return executedRows<{ period: string; amount: string | number }>(rows).map((r) => ({ period: r.period, amount: Number(r.amount) }));
}
