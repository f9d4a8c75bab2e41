"use server";

import { z } from "zod";
import { currentCartId } from "@/lib/cart/session";
import { checkoutCart, quoteCart } from "@/lib/checkout";
import { action } from "@/lib/http/action";
import { toShippingRateDto } from "@/lib/shipping";
import { rememberCheckoutAddress } from "@/lib/shipping/address-book";
import type { CheckoutQuote, StartedCheckout } from "@/components/checkout/checkout-form";

// The address and rate are checked by lib/checkout (which names each field); here they are only shapes.
const selection = { shipping_address: z.unknown().optional(), shipping_rate: z.string().max(100).nullable().optional() };

/** Called when the shopper presses Pay: the server prices the cart and returns its PaymentIntent. */
export const startCheckoutAction = action(
  // The email is checked by checkoutCart (which names the field); here it is only text.
  { input: z.object({ email: z.string().max(254).nullable(), save_address: z.boolean().optional(), ...selection }) },
  async (input, { user }): Promise<StartedCheckout> => {
    const s = await checkoutCart({
      payer: user,
      cartId: await currentCartId(user),
      email: input.email || null,
      shipping: "collected",
      selection: { shipping_address: input.shipping_address ?? undefined, shipping_rate: input.shipping_rate ?? undefined },
    });
    if (user && input.save_address) await rememberCheckoutAddress(user.id, input.shipping_address);
    const orderUrl = `/checkout/complete?order=${s.orderId}&token=${encodeURIComponent(s.accessToken)}`;
    return { clientSecret: s.clientSecret, paymentIntentId: s.paymentIntentId, status: s.status, orderUrl, amount: s.amount };
  },
);

/** Called as the address or method changes: the rates offered there and the totals, nothing kept. */
export const quoteCheckoutAction = action({ input: z.object(selection) }, async (input, { user }): Promise<CheckoutQuote> => {
  const q = await quoteCart(await currentCartId(user), { shipping_address: input.shipping_address ?? undefined, shipping_rate: input.shipping_rate ?? undefined });
  return {
    rates: q.rates.map(toShippingRateDto),
    rateId: q.rateId,
    amounts: { subtotal: q.totals.subtotal, shipping: q.totals.shipping, tax: q.totals.tax, total: q.totals.total, taxInclusive: q.totals.taxInclusive },
  };
});
