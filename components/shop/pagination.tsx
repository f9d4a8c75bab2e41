import Link from "next/link";

/** "Previous / Page n of m / Next" links; `href(page)` builds each page's URL. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const link = "rounded-lg border border-stone-500 px-3 py-1.5 font-medium text-stone-800 hover:bg-stone-50";
  return (
    <nav aria-label="Pages" className="mt-8 flex items-center justify-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className={link}>
          Previous
        </Link>
      ) : null}
      <span aria-current="page">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} rel="next" className={link}>
          Next
        </Link>
      ) : null}
    </nav>
  );
}
