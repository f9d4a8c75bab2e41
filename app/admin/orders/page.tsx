import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, sortColumn } from "@/components/admin/page-parts";
import { pickSearchParams } from "@/app/admin/search-params";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { OrderStatusBadge } from "@/components/account/order-status-badge";
import { zodFieldErrors } from "@/lib/errors";
import { adminOrdersQuerySchema, toAdminOrderFilter } from "@/lib/http/contracts/admin";
import { formatMoney } from "@/lib/money";
import { listOrdersForAdmin, ORDER_STATUSES, orderReference } from "@/lib/orders";

export const metadata: Metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ["status", "email", "from", "to", "sort", "dir", "cursor", "limit"] as const;
const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16);

/** Orders, newest first, filtered by status, email and date range (kept in the URL), a page at a time. */
export default async function AdminOrdersPage({ searchParams }: Props) {
  const raw = pickSearchParams(await searchParams, FILTERS);
  const parsed = adminOrdersQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const page = parsed.success ? await listOrdersForAdmin(toAdminOrderFilter(parsed.data)) : { orders: [], nextCursor: null };
  const { cursor: _cursor, ...filters } = raw;
  const next = page.nextCursor ? `?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}` : null;
  const exportHref = `/api/v1/admin/orders/export${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`;
  const { sort: _sort, dir: _dir, ...narrowing } = filters;
  const filtered = Object.keys(narrowing).length > 0;
  const now = { sort: parsed.success ? parsed.data.sort : "date", dir: parsed.success ? parsed.data.dir : "desc" } as const;
  const sortHref = (sort: "date" | "total", dir: "asc" | "desc") => `/admin/orders?${new URLSearchParams({ ...filters, sort, dir })}`;
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Orders" }]} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Orders</h1>
        <a href={exportHref} className="rounded-lg border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100" download>
          Export CSV
        </a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter orders">
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Status
          <select name="status" defaultValue={raw.status ?? ""} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal">
            <option value="">Any</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
          {errors.status ? <span className="text-red-700">{errors.status[0]}</span> : null}
        </label>
        {(
          [
            ["email", "Email or order reference", "text", "jane@example.com or CL-7K3Q9MX"],
            ["from", "From (UTC day)", "date", ""],
            ["to", "To (UTC day)", "date", ""],
          ] as const
        ).map(([name, label, type, placeholder]) => (
          <label key={name} className="flex flex-col gap-1 font-medium text-stone-700">
            {label}
            <input name={name} type={type} defaultValue={raw[name] ?? ""} placeholder={placeholder || undefined} aria-invalid={errors[name] ? true : undefined} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
            {errors[name] ? <span className="text-red-700">{errors[name][0]}</span> : null}
          </label>
        ))}
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Filter
        </button>
        {filtered ? (
          <Link href="/admin/orders" className="py-2 font-medium text-brand-700 underline">
            Clear
          </Link>
        ) : null}
      </form>
      {errors.cursor || errors.limit ? <p className="text-sm text-red-700">{(errors.cursor ?? errors.limit)[0]}</p> : null}
      <DataTable
        label="Orders"
        columns={["Order", sortColumn("Date (UTC)", "date", now, sortHref), "Customer", sortColumn("Total", "total", now, sortHref, true), "Status", "Source"]}
        empty={filtered ? "No orders match these filters." : "No orders yet."}
        rows={page.orders.map((o) => (
          <tr key={o.id} className="border-b border-stone-100" data-testid="admin-order-row">
            <td className="py-2">
              <Link href={`/admin/orders/${o.id}`} className="font-medium text-brand-700 underline">
                {orderReference(o.number)}
              </Link>
            </td>
            <td className="whitespace-nowrap">{when(o.createdAt)}</td>
            <td className="break-all">
              {o.email ?? "—"}
              {o.userId ? null : <span className="ml-1 text-xs text-stone-600">(guest)</span>}
            </td>
            <td className="text-right tabular-nums">{formatMoney(o.amountTotal, o.currency)}</td>
            <td>
              <OrderStatusBadge status={o.status} />
            </td>
            <td>{o.source}</td>
          </tr>
        ))}
      />
      {next ? (
        <Link href={`/admin/orders${next}`} className="font-medium text-brand-700 underline">
          Older orders
        </Link>
      ) : null}
    </div>
  );
}
