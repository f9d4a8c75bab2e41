import Link from "next/link";

/** Header link to the cart with its item count. */
export function CartLink({ count }: { count: number }) {
  return (
    // The accessible name ("Cart 2 items") starts with the visible text ("Cart 2"), as axe's
    // label-content-name-mismatch asks.
    <Link href="/cart" className="relative inline-flex items-center gap-1 whitespace-nowrap hover:text-brand-700">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6.2" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="10" cy="20" r="1.3" />
        <circle cx="17" cy="20" r="1.3" />
      </svg>
      <span>Cart</span>{" "}
      <span data-testid="cart-count" className="min-w-5 rounded-full bg-brand-600 px-1.5 text-center text-xs font-semibold text-white">
        {count}
      </span>{" "}
      <span className="sr-only">{count === 1 ? "item" : "items"}</span>
    </Link>
  );
}
