import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import { CartLines } from "@/components/shop/cart-lines";
import { EmptyCart } from "@/components/shop/empty-cart";
import { MAX_LINE_QUANTITY, toCartDto } from "@/lib/cart";
import { currentCart } from "@/lib/cart/session";
import { setCartQuantityAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart", robots: NO_INDEX };

export default async function CartPage() {
  const view = await currentCart();
  const cart = view ? toCartDto(view) : null;
  return (
    <section aria-labelledby="cart-heading" className="mx-auto max-w-3xl">
      <h1 id="cart-heading" className="mb-6 text-3xl font-semibold tracking-tight">
        Your cart
      </h1>
      {!cart || cart.items.length === 0 ? (
        <EmptyCart boxed />
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
