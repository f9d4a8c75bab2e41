import Link from "next/link";

/** An admin list's table: headings, the rows given, or one row saying `empty`. */
/** A column heading: plain text, or right-aligned, or a sort link (its `sort` says how the list is sorted by it now). */
export type Column = string | { label: string; right?: true; sort?: { href: string; state: "ascending" | "descending" | "none" } };

export function DataTable({ label, columns, empty, rows }: { label: string; columns: Column[]; empty: string; rows: React.ReactNode[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-stone-200 text-stone-600">
          <tr>
            {columns.map((c, i) => {
              const text = typeof c === "string" ? c : c.label;
              const sort = typeof c === "string" ? undefined : c.sort;
              return (
                <th key={text} scope="col" aria-sort={sort?.state} className={[i === 0 ? "py-2" : "", typeof c !== "string" && c.right ? "text-right" : ""].join(" ").trim() || undefined}>
                  {sort ? (
                    <Link href={sort.href} className="font-medium text-brand-700 underline">
                      {text}
                      <span aria-hidden="true">{sort.state === "ascending" ? " ↑" : sort.state === "descending" ? " ↓" : ""}</span>
                    </Link>
                  ) : (
                    text
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="py-4 text-stone-600">
                {empty}
              </td>
            </tr>
          ) : (
            rows
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The keyset pager: a link to the next page, when there is one. */
export function NextPageLink({ href }: { href: string | null }) {
  return href ? (
    <Link href={href} className="font-medium text-brand-700 underline">
      Next page
    </Link>
  ) : null;
}

/** A page's title with its main action (e.g. "Add a user") on the right. */
export function TitleBar({ title, action }: { title: string; action?: { href: string; label: string } }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
      {action ? (
        <Link href={action.href} className="rounded-lg bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-900">
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}

/** The first value of a search parameter. */
export const firstParam = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The named search parameters that are set, trimmed (what a list page parses and carries into its links). */
export function pickParams(sp: Record<string, string | string[] | undefined>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((k) => [k, firstParam(sp[k])?.trim()]).filter((e): e is [string, string] => !!e[1]));
}

/**
 * A sortable column's heading: a link that sorts by `key` (descending first, then flips), and
 * aria-sort saying how the list is sorted by it now. `href` builds the list's URL for a sort.
 */
export function sortColumn<K extends string>(label: string, key: K, now: { sort: K; dir: "asc" | "desc" }, href: (sort: K, dir: "asc" | "desc") => string, right?: true): Column {
  const state = now.sort === key ? (now.dir === "asc" ? "ascending" : "descending") : "none";
  return { label, right, sort: { href: href(key, now.sort === key && now.dir === "desc" ? "asc" : "desc"), state } };
}
