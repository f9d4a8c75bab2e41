import { apiHandler, ApiError, json } from "@/lib/api/responses";
import { currentCartId } from "@/lib/cart/session";
import { startCheckout } from "@/lib/checkout";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getSessionUser } from "@/lib/auth/session";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

// Seed 003: POST /create-payment-intent → {clientSecret, publishableKey} for the session's cart.
// Any body (currency, amount…) is ignored: the server prices the cart and picks the currency.
export const POST = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const user = await getSessionUser();
  const cartId = await currentCartId(user);
  if (!cartId) throw new ApiError(400, "cart_empty", "Your cart is empty.", { cart: ["has no items"] });
  const session = await startCheckout({ cartId, userId: user?.id ?? null, email: user?.email ?? null });
  if (!session.clientSecret) {
    throw new ApiError(409, "order_not_payable", `Order #${session.orderNumber} is ${session.orderStatus}: there is nothing left to pay.`);
  }
  return json({ clientSecret: session.clientSecret, publishableKey: stripePublicConfig().publishableKey });
});
