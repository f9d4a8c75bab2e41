import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, NextPageLink, pickParams, TitleBar } from "@/components/admin/page-parts";
import { productsQuerySchema } from "@/lib/admin/queries";
import { listAllProducts } from "@/lib/catalog";
import { zodFieldErrors } from "@/lib/errors";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Products" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every product, active and archived, by name; filter and search kept in the URL; keyset pages. */
export default async function AdminProductsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const raw = pickParams(sp, ["q", "status", "cursor"]);
  const parsed = productsQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const page = parsed.success ? await listAllProducts(parsed.data) : { products: [], nextCursor: null };
  const next = page.nextCursor ? `/admin/products?${new URLSearchParams({ ...raw, cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      <TitleBar title="Products" action={{ href: "/admin/products/new", label: "Add a product" }} />
      <form method="get" action="/admin/products" className="flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter products">
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Name or slug contains
          <input name="q" type="search" defaultValue={raw.q ?? ""} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
        </label>
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Status
          <select name="status" defaultValue={raw.status ?? "all"} className="rounded-lg border border-stone-300 bg-white px-3 py-1.5 font-normal">
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
          </select>
        </label>
        <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Filter
        </button>
        {Object.keys(errors).length ? <span className="text-red-700">{Object.values(errors)[0][0]}</span> : null}
      </form>
      <DataTable
        label="Products"
        columns={["Name", "Slug", { label: "Price", right: true }, "Status", "Updated (UTC)"]}
        empty="No products match."
        rows={page.products.map((p) => (
          <tr key={p.id} className="border-b border-stone-100" data-testid="product-row">
            <td className="py-2">
              <Link href={`/admin/products/${p.id}`} className="font-medium text-brand-700 underline">
                {p.name}
              </Link>
            </td>
            <td className="font-mono text-xs">{p.slug}</td>
            <td className="text-right tabular-nums">{formatMoney(p.unitAmount, p.currency)}</td>
            <td>{p.active ? "active" : <span className="text-stone-600">archived</span>}</td>
            <td className="whitespace-nowrap">{p.updatedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
          </tr>
        ))}
      />
      <NextPageLink href={next} />
    </div>
  );
}
