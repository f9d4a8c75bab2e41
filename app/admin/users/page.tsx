import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, firstParam, NextPageLink, pickParams, TitleBar } from "@/components/admin/page-parts";
import { usersQuerySchema } from "@/lib/admin/queries";
import { listUsersWithTotals } from "@/lib/admin/users";
import { zodFieldErrors } from "@/lib/errors";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Users and customers, newest first, with order count and lifetime value; search by email; keyset pages. (Also seed 001's /admin/users/.) */
export default async function AdminUsersPage({ searchParams }: Props) {
  const sp = await searchParams;
  const raw = pickParams(sp, ["q", "cursor"]);
  const parsed = usersQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const page = parsed.success ? await listUsersWithTotals(parsed.data) : { users: [], nextCursor: null, currency: "usd" };
  const next = page.nextCursor ? `/admin/users?${new URLSearchParams({ ...(raw.q ? { q: raw.q } : {}), cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      <TitleBar title="Users" action={{ href: "/admin/users/new", label: "Add a user" }} />
      {firstParam(sp.deleted) ? <p role="status" className="text-sm text-emerald-800">The user was deleted.</p> : null}
      <form method="get" action="/admin/users" className="flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Search users">
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Email contains
          <input name="q" type="search" defaultValue={raw.q ?? ""} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
        </label>
        <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Search
        </button>
        {errors.cursor ? <span className="text-red-700">This page link is out of date.</span> : null}
      </form>
      <DataTable
        label="Users"
        columns={["Email", "Name", "Role", "Status", { label: "Orders", right: true }, { label: "Lifetime value", right: true }, "Joined (UTC)"]}
        empty={raw.q ? "No user's email matches." : "No users yet."}
        rows={page.users.map((u) => (
          <tr key={u.id} className="border-b border-stone-100" data-testid="user-row">
            <td className="py-2">
              <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline">
                {u.email}
              </Link>
            </td>
            <td>{u.name ?? "—"}</td>
            <td>{u.role}</td>
            <td>{u.deactivatedAt ? <span className="text-red-800">deactivated</span> : "active"}</td>
            <td className="text-right tabular-nums">{u.orderCount}</td>
            <td className="text-right tabular-nums">{formatMoney(u.lifetimeValue, page.currency)}</td>
            <td className="whitespace-nowrap">{u.createdAt.toISOString().slice(0, 10)}</td>
          </tr>
        ))}
      />
      <NextPageLink href={next} />
    </div>
  );
}
