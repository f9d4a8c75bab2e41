import Link from "next/link";

/** What an empty cart shows (the cart page, boxed; the drawer, plain): the fact and a way back to the shop. */
export function EmptyCart({ boxed = false }: { boxed?: boolean }) {
  return (
    <div className={boxed ? "rounded-xl border border-dashed border-stone-300 p-10 text-center" : "py-10 text-center"}>
      <p className="text-stone-600">Your cart is empty.</p>
      <Link href="/" className="mt-4 inline-block font-medium text-brand-700 underline">
        Continue shopping
      </Link>
    </div>
  );
}
