import { CatalogControls } from "@/components/shop/catalog-controls";
import { Pagination } from "@/components/shop/pagination";
import { ProductCard } from "@/components/shop/product-card";
import type { z } from "zod";
import Link from "next/link";
import { browseCatalog, catalogQuerySchema, CATALOG_SORTS } from "@/lib/catalog/search";

type CatalogQueryInput = z.output<typeof catalogQuerySchema>;

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

type CategoryLink = { slug: string; name: string };
type Props = {
  searchParams: SearchParams;
  path: string;
  heading: string;
  intro?: string;
  /** Only this category's products (the category pages). */
  categoryId?: string;
  /** Category chips above the grid; `current` is the one shown. */
  categories?: { links: CategoryLink[]; current?: string };
};

/**
 * The catalog, the category pages and the search page: a page of products for the URL's `q`,
 * `sort` and `page`. Parameters that do not parse are ignored (a shared link with a stale sort
 * still shows products).
 */
export async function CatalogView({ searchParams, path, heading, intro, categoryId, categories }: Props) {
  const raw = await searchParams;
  // Each parameter on its own: a bad `page` must not drop a good `q`.
  const field = <K extends "q" | "sort" | "page">(key: K) => catalogQuerySchema.shape[key].safeParse(first(raw[key])).data as CatalogQueryInput[K] | undefined;
  const query = { q: field("q"), sort: field("sort"), page: field("page") };
  const result = await browseCatalog({ q: query.q, sort: query.sort, page: query.page, categoryId });
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set("q", query.q);
    if (query.sort && query.sort !== "featured") params.set("sort", query.sort);
    if (page > 1) params.set("page", String(page));
    const s = params.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <section aria-labelledby="catalog-heading">
      <div className="mb-6">
        <h1 id="catalog-heading" className="text-3xl font-semibold tracking-tight">
          {heading}
        </h1>
        {intro ? <p className="mt-2 text-stone-600">{intro}</p> : null}
      </div>
      {categories && categories.links.length > 0 ? <CategoryChips {...categories} /> : null}
      <div className="mb-6">
        <CatalogControls action={path} q={query.q ?? ""} sort={query.sort ?? "featured"} sorts={CATALOG_SORTS} />
      </div>
      {query.q ? (
        <p className="mb-4 text-sm text-stone-600" role="status">
          {result.total === 0 ? `No products match “${query.q}”. Try fewer or different words.` : `${result.total} ${result.total === 1 ? "product matches" : "products match"} “${query.q}”.`}
        </p>
      ) : null}
      {result.total === 0 && !query.q ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {categoryId ? (
            "Nothing in this category yet."
          ) : (
            <>
              The catalog is empty. Run <code>npm run db:seed</code> to add the demo products.
            </>
          )}
        </p>
      ) : (
        <ul role="list" aria-label="Products" className="grid grid-cols-2 gap-4 sm:gap-6 lg:grid-cols-3 xl:grid-cols-4">
          {result.products.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={pages} href={href} />
    </section>
  );
}

/** Links to every category ("All" is the whole catalog); wraps onto more lines on narrow screens. */
function CategoryChips({ links, current }: { links: CategoryLink[]; current?: string }) {
  const chip = (active: boolean) =>
    `inline-block rounded-full border px-3 py-1.5 text-sm font-medium ${active ? "border-brand-700 bg-brand-700 text-white" : "border-stone-400 bg-white text-stone-800 hover:border-stone-600"}`;
  return (
    <nav aria-label="Categories" className="mb-6">
      <ul role="list" className="flex flex-wrap gap-2">
        <li>
          <Link href="/" className={chip(!current)} aria-current={!current ? "page" : undefined}>
            All
          </Link>
        </li>
        {links.map((c) => (
          <li key={c.slug}>
            <Link href={`/c/${c.slug}`} className={chip(current === c.slug)} aria-current={current === c.slug ? "page" : undefined}>
              {c.name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
