import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { CartLines } from "@/components/shop/cart-lines";
import { getCartView, MAX_LINE_QUANTITY, toCartDto } from "@/lib/cart";
import { currentCartId } from "@/lib/cart/session";
import { setCartQuantityAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart", robots: NO_INDEX };

export default async function CartPage() {
  const cartId = await currentCartId();
  const cart = cartId ? toCartDto(await getCartView(cartId)) : null;
  return (
    <section aria-labelledby="cart-heading" className="mx-auto max-w-3xl">
      <h1 id="cart-heading" className="mb-6 text-3xl font-semibold tracking-tight">
        Your cart
      </h1>
      {!cart || cart.items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 p-10 text-center">
          <p className="text-stone-600">Your cart is empty.</p>
          <Link href="/" className="mt-4 inline-block font-medium text-brand-700 underline">
            Continue shopping
          </Link>
        </div>
      ) : (
        <>
          <CartLines cart={cart} maxQuantity={MAX_LINE_QUANTITY} setQuantity={setCartQuantityAction} />
          <p className="mt-4 text-right text-sm text-stone-600" data-testid="shipping-note">
            Shipping and taxes calculated at checkout
          </p>
        </>
      )}
    </section>
  );
}
