import type { MetadataRoute } from "next";
import { listProducts } from "@/lib/catalog";
import { listCategories } from "@/lib/catalog/categories";
import { env } from "@/lib/env";
import { absoluteUrl, PUBLIC_PAGES } from "@/lib/seo";

// From the catalog as it is now (active products only), with the runtime public URL.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const appUrl = env().appUrl;
  const [products, categories] = await Promise.all([listProducts(), listCategories()]);
  return [
    ...PUBLIC_PAGES.map((path) => ({ url: absoluteUrl(appUrl, path) })),
    ...categories.map((c) => ({ url: absoluteUrl(appUrl, `/c/${c.slug}`), lastModified: c.updatedAt })),
    ...products.map((p) => ({ url: absoluteUrl(appUrl, `/products/${p.slug}`), lastModified: p.updatedAt })),
  ];
}
