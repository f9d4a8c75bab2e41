import type { Metadata } from "next";

/**
 * Reference page for `npm run bench` (bench/run.ts), harmless in production: a blank force-static
 * page in the same build and root layout; the bench compares the catalog's first-load JS with
 * this page's. noindex, not in the sitemap.
 */
export const dynamic = "force-static";
export const metadata: Metadata = { title: "Bench blank", robots: { index: false, follow: false } };

export default function BenchBlankPage() {
  return <h1 className="text-2xl font-semibold">Blank</h1>;
}
