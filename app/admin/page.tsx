import type { Metadata } from "next";
import Link from "next/link";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { dashboardStats, statsQuerySchema } from "@/lib/admin/stats";
import { getSessionUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function Figure({ label, value, testId, href }: { label: string; value: React.ReactNode; testId: string; href?: string }) {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-4">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">
        {href ? (
          <Link href={href} className="hover:underline" data-testid={testId}>
            {value}
          </Link>
        ) : (
          <span data-testid={testId}>{value}</span>
        )}
      </dd>
    </div>
  );
}

/** The dashboard: revenue (30 days by day, or 12 months by month: ?range=12m) and the shop's counts. */
export default async function AdminDashboardPage({ searchParams }: Props) {
  const user = await getSessionUser();
  const range = statsQuerySchema.safeParse({ range: (await searchParams).range }).data?.range ?? "30d";
  const stats = await dashboardStats(range);
  const chartLabel = `Revenue net of refunds, ${range === "30d" ? "per day, last 30 days" : "per month, last 12 months"} (${stats.currency.toUpperCase()}, UTC)`;
  return (
    <section aria-labelledby="admin-heading" className="space-y-8">
      <div>
        <h1 id="admin-heading" className="text-3xl font-semibold tracking-tight">
          Dashboard
        </h1>
        <p className="mt-1 text-sm text-stone-600">Signed in as {user?.email}.</p>
      </div>
      <div className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-xl font-semibold">Revenue</h2>
          <div className="flex gap-2 text-sm" role="group" aria-label="Chart range">
            {(["30d", "12m"] as const).map((r) => (
              <Link key={r} href={r === "30d" ? "/admin" : "/admin?range=12m"} aria-current={r === range ? "page" : undefined} className={`rounded-lg px-3 py-1.5 font-medium ${r === range ? "bg-brand-700 text-white" : "border border-stone-300 text-stone-800"}`}>
                {r === "30d" ? "30 days" : "12 months"}
              </Link>
            ))}
          </div>
        </div>
        <p className="text-sm text-stone-700">
          Total: <strong data-testid="revenue-total">{formatMoney(stats.revenueTotal, stats.currency)}</strong> — paid orders net of refunds, plus paid membership invoices.
        </p>
        <RevenueChart points={stats.revenue} currency={stats.currency} label={chartLabel} />
      </div>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-3">
        <Figure label="Orders today (UTC)" value={stats.orders.today} testId="orders-today" />
        <Figure label="Orders, last 7 days" value={stats.orders.week} testId="orders-week" />
        <Figure label="New customers, last 7 days" value={stats.newCustomers} testId="new-customers" href="/admin/users" />
        <Figure label="Failed webhooks" value={stats.webhooks.failed} testId="failed-webhooks" href="/admin/webhooks" />
        <Figure label="Dead webhooks" value={stats.webhooks.dead} testId="dead-webhooks" href="/admin/webhooks" />
        <Figure label="Dead jobs" value={stats.deadJobs} testId="dead-jobs" href="/admin/webhooks" />
      </dl>
      <div>
        <h2 className="text-xl font-semibold">Active subscriptions by plan</h2>
        {stats.activeSubscriptions.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">None.</p>
        ) : (
          <ul className="mt-2 text-sm" data-testid="subscriptions-by-plan">
            {stats.activeSubscriptions.map((s) => (
              <li key={s.plan}>
                {s.plan}: <strong>{s.count}</strong>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
