import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AdminHistory } from "@/components/admin/history";
import { ProductForm } from "@/components/admin/product-form";
import { historyOf } from "@/lib/admin/history";
import { bundledImages } from "@/lib/admin/products";
import { getProductById } from "@/lib/catalog";
import { toDecimalString } from "@/lib/money";
import { setProductActiveAction, updateProductAction } from "../actions";

export const metadata: Metadata = { title: "Edit product" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminProductPage({ params, searchParams }: Props) {
  const { id } = await params;
  const product = await getProductById(id);
  if (!product) notFound();
  const history = await historyOf(`/admin/products/${product.id}`);
  const saved = (await searchParams).saved;
  return (
    <div className="space-y-8">
      <Breadcrumbs items={[{ label: "Products", href: "/admin/products" }, { label: product.name }]} />
      {saved ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
          Product created.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-3xl font-semibold tracking-tight">{product.name}</h1>
        <span data-testid="product-status" className="rounded-full bg-stone-100 px-3 py-1 text-sm">
          {product.active ? "active" : "archived"}
        </span>
        {product.active ? (
          <Link href={`/products/${product.slug}`} className="text-sm text-brand-700 underline">
            View on the catalog
          </Link>
        ) : null}
      </div>
      <ProductForm
        action={updateProductAction}
        images={bundledImages()}
        submitLabel="Save product"
        initial={{ id: product.id, name: product.name, slug: product.slug, description: product.description, price: toDecimalString(product.unitAmount, product.currency), currency: product.currency, image: product.image, active: product.active }}
      />
      <section aria-labelledby="archive-heading" className="space-y-2">
        <h2 id="archive-heading" className="text-xl font-semibold">
          {product.active ? "Archive" : "Restore"}
        </h2>
        <p className="text-sm text-stone-600">Archived products leave the catalog and carts refuse them; past orders keep their own copy of name and price.</p>
        {product.active ? (
          <ActionForm action={setProductActiveAction} hidden={{ id: product.id, active: "false" }} label="Archive product" tone="danger" name="Archive product" />
        ) : (
          <ActionForm action={setProductActiveAction} hidden={{ id: product.id, active: "true" }} label="Restore product" name="Restore product" />
        )}
      </section>
      <AdminHistory entries={history} />
    </div>
  );
}
