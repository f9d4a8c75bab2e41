import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { getSessionUser } from "@/lib/auth/session";
import { currentCart } from "@/lib/cart/session";
import { stripePublicConfig } from "@/lib/stripe/server";
import { SHIPPING_COUNTRIES } from "@/lib/shipping";
import { listAddresses } from "@/lib/shipping/address-book";
import { quoteCheckoutAction, startCheckoutAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout", robots: NO_INDEX };

export default async function CheckoutPage() {
  const user = await getSessionUser();
  const cart = await currentCart(user);
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
  // A member's checkout starts from the cart's last address, else their default saved one.
  const book = user ? await listAddresses(user.id) : [];
  return (
    <CheckoutForm
      stripeConfig={{ publishableKey, stripeJsUrl }}
      lines={cart.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity, lineTotal: l.lineTotal }))}
      subtotal={cart.subtotal}
      currency={cart.currency}
      needsShipping={cart.lines.some((l) => l.requiresShipping)}
      countries={Object.keys(SHIPPING_COUNTRIES)}
      initialAddress={cart.shipping.address ?? book.find((e) => e.isDefault)?.address ?? null}
      initialRateId={cart.shipping.rateId}
      accountEmail={user?.email ?? null}
      savedAddresses={book.map((e) => ({ id: e.id, address: e.address }))}
      canSaveAddress={!!user}
      startCheckout={startCheckoutAction}
      quoteCheckout={quoteCheckoutAction}
    />
  );
}
