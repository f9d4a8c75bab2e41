"use client";

import { useRef } from "react";

const SORT_LABELS: Record<string, string> = { featured: "Featured", newest: "Newest", price_asc: "Price: low to high", price_desc: "Price: high to low" };

/**
 * The catalog's search box and sort order, a plain GET form (it works without JavaScript; with
 * it, changing the order submits at once). The query and order end up in the URL.
 */
export function CatalogControls({ action, q, sort, sorts }: { action: string; q: string; sort: string; sorts: readonly string[] }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={action} method="get" role="search" className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <label className="flex flex-1 flex-col gap-1 text-sm font-medium text-stone-700">
        Search products
        <input
          type="search"
          name="q"
          defaultValue={q}
          maxLength={100}
          placeholder="Kettle, notebook, lamp…"
          className="rounded-lg border border-stone-500 bg-white px-3 py-2 font-normal text-stone-900"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-stone-700">
        Sort by
        <select
          name="sort"
          defaultValue={sort}
          onChange={() => form.current?.requestSubmit()}
          className="rounded-lg border border-stone-500 bg-white px-3 py-2 font-normal text-stone-900"
        >
          {sorts.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s] ?? s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        Search
      </button>
    </form>
  );
}
