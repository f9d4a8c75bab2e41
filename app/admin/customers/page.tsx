import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { DataTable, NextPageLink, pickParams, sortColumn, TitleBar } from "@/components/admin/page-parts";
import { customersQuerySchema } from "@/lib/admin/queries";
import { env } from "@/lib/env";
import { zodFieldErrors } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { listCustomersWithTotals, type CustomerSort } from "@/lib/orders/stats";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Registered customers (guest emails are not listed: they have no account to open) with their order
 * count and lifetime value, sorted by value or order count, searched by email, a keyset page at a time.
 */
export default async function AdminCustomersPage({ searchParams }: Props) {
  const raw = pickParams(await searchParams, ["q", "sort", "dir", "cursor"]);
  const parsed = customersQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const currency = env().STORE_CURRENCY;
  const page = parsed.success ? await listCustomersWithTotals(parsed.data, currency) : { customers: [], nextCursor: null };
  const sort = parsed.success ? parsed.data.sort : "value";
  const dir = parsed.success ? parsed.data.dir : "desc";
  const href = (p: Record<string, string>) => `/admin/customers?${new URLSearchParams({ ...(raw.q ? { q: raw.q } : {}), ...p })}`;
  const next = page.nextCursor ? href({ sort, dir, cursor: page.nextCursor }) : null;
  const sortHref = (key: CustomerSort, d: "asc" | "desc") => href({ sort: key, dir: d });
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Customers" }]} />
      <TitleBar title="Customers" />
      <form method="get" action="/admin/customers" className="flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Search customers">
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Email contains
          <input name="q" type="search" defaultValue={raw.q ?? ""} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
        </label>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Search
        </button>
        {raw.q ? (
          <Link href="/admin/customers" className="py-2 font-medium text-brand-700 underline">
            Clear
          </Link>
        ) : null}
      </form>
      {Object.keys(errors).length ? (
        <p role="alert" className="text-sm text-red-700">
          {Object.entries(errors)
            .map(([field, msgs]) => `${field} ${msgs[0]}`)
            .join("; ")}
        </p>
      ) : null}
      <DataTable
        label="Customers"
        columns={["Email", "Name", sortColumn("Orders", "orders", { sort, dir }, sortHref, true), sortColumn("Lifetime value", "value", { sort, dir }, sortHref, true), "Joined (UTC)"]}
        empty={raw.q ? "No customer's email matches." : "No customers yet."}
        rows={page.customers.map((c) => (
          <tr key={c.id} className="border-b border-stone-100" data-testid="customer-row">
            <td className="break-all py-2">
              <Link href={`/admin/users/${c.id}`} className="font-medium text-brand-700 underline">
                {c.email}
              </Link>
            </td>
            <td>{c.name ?? "—"}</td>
            <td className="text-right tabular-nums" data-testid="customer-orders">
              {c.orderCount}
            </td>
            <td className="text-right tabular-nums" data-testid="customer-value">
              {formatMoney(c.lifetimeValue, currency)}
            </td>
            <td className="whitespace-nowrap">{c.createdAt.toISOString().slice(0, 10)}</td>
          </tr>
        ))}
      />
      <NextPageLink href={next} />
    </div>
  );
}
