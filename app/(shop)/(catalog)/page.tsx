import { listCategories } from "@/lib/catalog/categories";
import { CatalogView, type SearchParams } from "../catalog-view";

// Rendered per request from the database; the catalog's pages are cached in lib/catalog.
export const dynamic = "force-dynamic";

export default async function CatalogPage({ searchParams }: { searchParams: SearchParams }) {
  const categories = await listCategories();
  return <CatalogView searchParams={searchParams} path="/" heading="Shop" intro="Well-made things for the desk and the kitchen." categories={{ links: categories }} />;
}
