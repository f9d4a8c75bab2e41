import type { Metadata } from "next";

/**
 * Reference page for `npm run bench` (bench/run.ts), harmless in production: a force-static page
 * of about the catalog's bytes, from the same build and root layout, prerendered at build time.
 * The bench divides the catalog's and a product page's req/s by this page's. noindex, not in the
 * sitemap, no data, no user.
 */
export const dynamic = "force-static";
export const metadata: Metadata = { title: "Bench reference", robots: { index: false, follow: false } };

// About the size of the catalog's HTML (12 seeded products); bench/run.ts prints both sizes.
const FILLER = Array.from({ length: 120 }, (_, i) => `Reference paragraph ${i}: static text that stands in for a product card of the catalog.`);

export default function BenchStaticPage() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Bench reference</h1>
      {FILLER.map((text, i) => (
        <p key={i} className="mt-2 text-sm text-stone-700">
          {text}
        </p>
      ))}
    </section>
  );
}
