import { currentCartId } from "@/lib/cart/session";
import { checkoutCart } from "@/lib/checkout";
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

// Legacy cart service (003): POST /create-payment-intent → {clientSecret, publishableKey} for the
// session's cart. Any body (currency, amount…) is ignored: the server prices the cart and picks
// the currency. The call has no email field: a guest's order gets no receipt email; nor an address
// field: the cart is priced without shipping and tax, as the service always did.
export const POST = route({ auth: "optional", sameOrigin: true }, async ({ user }) => {
  const session = await checkoutCart({ payer: user, cartId: await currentCartId(user), receipt: "if-given", shipping: "not-collected" });
  if (!session.clientSecret) {
    throw new DomainError("order_not_payable", `Order #${session.orderNumber} is ${session.orderStatus}: there is nothing left to pay.`);
  }
  return json({ clientSecret: session.clientSecret, publishableKey: stripePublicConfig().publishableKey });
});
