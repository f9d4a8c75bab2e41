import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getCategoryBySlug, listCategories } from "@/lib/catalog/categories";
import { env } from "@/lib/env";
import { absoluteUrl } from "@/lib/seo";
import { CatalogView, type SearchParams } from "../../catalog-view";

// Rendered per request from the database; the catalog's pages are cached in lib/catalog.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const category = await getCategoryBySlug((await params).slug);
  if (!category) return { title: "Not found" };
  return { title: category.name, description: category.description, alternates: { canonical: absoluteUrl(env().appUrl, `/c/${category.slug}`) } };
}

/** A category's products, searched, sorted and paged like the catalog. */
export default async function CategoryPage({ params, searchParams }: Props) {
  const category = await getCategoryBySlug((await params).slug);
  if (!category) notFound();
  const categories = await listCategories();
  return (
    <CatalogView
      searchParams={searchParams}
      path={`/c/${category.slug}`}
      heading={category.name}
      intro={category.description || undefined}
      categoryId={category.id}
      categories={{ links: categories, current: category.slug }}
    />
  );
}
