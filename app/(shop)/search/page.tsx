import type { Metadata } from "next";
import { CatalogView, type SearchParams } from "../catalog-view";

export const metadata: Metadata = { title: "Search", robots: { index: false } };
export const dynamic = "force-dynamic";

export default function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  return <CatalogView searchParams={searchParams} path="/search" heading="Search" />;
}
