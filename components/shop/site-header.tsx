import Link from "next/link";
import { MobileMenu } from "./mobile-menu";

type Props = {
  storeName: string;
  /** The catalog's categories, linked as /c/[slug]. */
  categories: { slug: string; name: string }[];
  /** The per-visitor links for wide screens (account links), shown in the main navigation. */
  account: React.ReactNode;
  /** The same links laid out for the phone drawer. */
  accountStacked: React.ReactNode;
  /** The cart link, on every screen size. */
  cart: React.ReactNode;
};

/**
 * The header on one row at every width. Wide screens: the store's name, the main links and the
 * account's, the cart. Phones and small tablets (below `md`): a menu button opening a drawer with those links, the
 * store's name, the cart.
 */
export function SiteHeader({ storeName, categories, account, accountStacked, cart }: Props) {
  return (
    <header className="relative border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3 sm:gap-4 sm:px-6 sm:py-4">
        <div className="flex min-w-0 items-center gap-1">
          <MobileMenu>
            <HeaderSearch id="header-search-menu" className="mb-2 flex" />
            <nav aria-label="Menu" className="flex flex-col text-base font-medium text-stone-800">
              <Link href="/" className="rounded px-2 py-3 hover:bg-stone-50">
                Shop
              </Link>
              {categories.map((c) => (
                <Link key={c.slug} href={`/c/${c.slug}`} className="rounded py-3 pl-6 pr-2 hover:bg-stone-50">
                  {c.name}
                </Link>
              ))}
              {accountStacked}
            </nav>
          </MobileMenu>
          <Link href="/" className="truncate text-xl font-semibold tracking-tight text-brand-900">
            {storeName}
          </Link>
        </div>
        <div className="flex shrink-0 items-center gap-5 text-sm font-medium text-stone-700">
          <HeaderSearch id="header-search" className="hidden lg:flex" />
          <nav aria-label="Main" className="hidden items-center gap-5 md:flex">
            <Link href="/" className="hover:text-brand-700">
              Shop
            </Link>
            {categories.map((c) => (
              <Link key={c.slug} href={`/c/${c.slug}`} className="hover:text-brand-700">
                {c.name}
              </Link>
            ))}
            {account}
          </nav>
          {cart}
        </div>
      </div>
    </header>
  );
}

/** The header's search box: a GET form to /search (no script needed). */
function HeaderSearch({ id, className }: { id: string; className: string }) {
  return (
    <form action="/search" method="get" role="search" aria-label="Site" className={`${className} items-center`}>
      <label htmlFor={id} className="sr-only">
        Search products
      </label>
      <input
        id={id}
        type="search"
        name="q"
        maxLength={100}
        placeholder="Search"
        className="w-full rounded-lg border border-stone-500 bg-white px-3 py-1.5 text-sm font-normal text-stone-900 lg:w-44"
      />
    </form>
  );
}
