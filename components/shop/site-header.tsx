import Link from "next/link";

/** The header: the store's name, the main links, and what the layout puts at the end (cart, account). */
export function SiteHeader({ storeName, children }: { storeName: string; children?: React.ReactNode }) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <Link href="/" className="text-xl font-semibold tracking-tight text-brand-900">
          {storeName}
        </Link>
        <nav aria-label="Main" className="flex items-center gap-5 text-sm font-medium text-stone-700">
          <Link href="/" className="hover:text-brand-700">
            Shop
          </Link>
          {children}
        </nav>
      </div>
    </header>
  );
}
