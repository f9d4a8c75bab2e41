"use server";

import { runAction, type ActionResult } from "@/lib/api/actions";
import { ApiError } from "@/lib/api/responses";
import { getSessionUser } from "@/lib/auth/session";
import { currentCartId } from "@/lib/cart/session";
import { startCheckout } from "@/lib/checkout";

/** A payable intent (`clientSecret`), or — when the cart was already paid — where to read the order. */
export type StartedCheckout = { clientSecret: string | null; paymentIntentId: string; status: string; orderUrl: string };

/** Called when the shopper presses Pay: the server prices the cart and returns its PaymentIntent. */
export async function startCheckoutAction(email: string | null): Promise<ActionResult<StartedCheckout>> {
  return runAction(async () => {
    const user = await getSessionUser();
    const cartId = await currentCartId(user);
    if (!cartId) throw new ApiError(400, "cart_empty", "Your cart is empty.");
    const receiptEmail = user?.email ?? email;
    if (!receiptEmail) throw new ApiError(400, "invalid_request", "Enter your email for the receipt.", { email: ["is required"] });
    const s = await startCheckout({ cartId, userId: user?.id ?? null, email: receiptEmail });
    const orderUrl = `/checkout/complete?order=${s.orderId}&token=${encodeURIComponent(s.accessToken)}`;
    return { clientSecret: s.clientSecret, paymentIntentId: s.paymentIntentId, status: s.status, orderUrl };
  });
}
