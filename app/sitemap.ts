import type { MetadataRoute } from "next";
import { listProducts } from "@/lib/catalog";
import { env } from "@/lib/env";
import { absoluteUrl, PUBLIC_PAGES } from "@/lib/seo";

// From the catalog as it is now (active products only), with the runtime public URL.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const appUrl = env().appUrl;
  const products = await listProducts();
  return [
    ...PUBLIC_PAGES.map((path) => ({ url: absoluteUrl(appUrl, path) })),
    ...products.map((p) => ({ url: absoluteUrl(appUrl, `/products/${p.slug}`), lastModified: p.updatedAt })),
  ];
}
