"use server";

import { z } from "zod";
import { currentCartId } from "@/lib/cart/session";
import { checkoutCart } from "@/lib/checkout";
import { action } from "@/lib/http/action";
import type { StartedCheckout } from "@/components/checkout/checkout-form";

/** Called when the shopper presses Pay: the server prices the cart and returns its PaymentIntent. */
export const startCheckoutAction = action(
  // The email is checked by checkoutCart (which names the field); here it is only text.
  { input: z.object({ email: z.string().max(254).nullable() }) },
  async (input, { user }): Promise<StartedCheckout> => {
    const s = await checkoutCart({ payer: user, cartId: await currentCartId(user), email: input.email || null });
    const orderUrl = `/checkout/complete?order=${s.orderId}&token=${encodeURIComponent(s.accessToken)}`;
    return { clientSecret: s.clientSecret, paymentIntentId: s.paymentIntentId, status: s.status, orderUrl };
  },
);
