import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { getSessionUser } from "@/lib/auth/session";
import { getCartView } from "@/lib/cart";
import { currentCartId } from "@/lib/cart/session";
import { formatMoney } from "@/lib/money";
import { stripePublicConfig } from "@/lib/stripe/server";
import { startCheckoutAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout", robots: NO_INDEX };

export default async function CheckoutPage() {
  const user = await getSessionUser();
  const cartId = await currentCartId(user);
  const cart = cartId ? await getCartView(cartId) : null;
  if (!cart || cart.lines.length === 0) {
    return (
      <div className="mx-auto max-w-md py-12 text-center">
        <h1 className="text-3xl font-semibold tracking-tight">Checkout</h1>
        <p className="mt-4 text-stone-600">Your cart is empty.</p>
        <Link href="/" className="mt-4 inline-block font-medium text-brand-700 underline">
          Continue shopping
        </Link>
      </div>
    );
  }
  const { publishableKey, stripeJsUrl } = stripePublicConfig();
  return (
    <div className="grid gap-10 md:grid-cols-[1fr_1.2fr]">
      <section aria-labelledby="summary-heading" className="self-start rounded-xl border border-stone-200 bg-white p-6">
        <h2 id="summary-heading" className="mb-4 text-lg font-semibold">
          Order summary
        </h2>
        <ul role="list" className="divide-y divide-stone-100 text-sm">
          {cart.lines.map((l) => (
            <li key={l.productId} className="flex justify-between gap-4 py-2">
              <span>
                {l.name} × {l.quantity}
              </span>
              <span className="tabular-nums">{formatMoney(l.lineTotal, l.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-4 flex justify-between border-t border-stone-200 pt-4 text-base font-semibold">
          <span>Total</span>
          <span data-testid="checkout-total" className="tabular-nums">
            {formatMoney(cart.subtotal, cart.currency)}
          </span>
        </p>
      </section>
      <section aria-labelledby="payment-heading">
        <h1 id="payment-heading" className="mb-6 text-3xl font-semibold tracking-tight">
          Checkout
        </h1>
        <CheckoutForm
          stripeConfig={{ publishableKey, stripeJsUrl }}
          amount={cart.subtotal}
          currency={cart.currency}
          accountEmail={user?.email ?? null}
          startCheckout={startCheckoutAction}
        />
      </section>
    </div>
  );
}
