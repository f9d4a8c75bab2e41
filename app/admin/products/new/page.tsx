import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { ProductForm } from "@/components/admin/product-form";
import { bundledImages } from "@/lib/admin/products";
import { env } from "@/lib/env";
import { createProductAction } from "../actions";

export const metadata: Metadata = { title: "Add a product" };
export const dynamic = "force-dynamic";

export default function AddProductPage() {
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Products", href: "/admin/products" }, { label: "Add" }]} />
      <h1 className="text-3xl font-semibold tracking-tight">Add a product</h1>
      <ProductForm
        action={createProductAction}
        images={bundledImages()}
        submitLabel="Create product"
        initial={{ name: "", slug: "", description: "", price: "", currency: env().STORE_CURRENCY, image: "", active: true }}
      />
    </div>
  );
}
