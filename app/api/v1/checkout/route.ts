import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { orderReference } from "@/lib/orders";
import { currentCartId } from "@/lib/cart/session";
import { checkoutCart, checkoutEmailSchema } from "@/lib/checkout";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ email: checkoutEmailSchema.optional() }).strict();

// POST /api/v1/checkout {email?}: the order and PaymentIntent for the caller's cart (idempotent).
// `client_secret` is null once there is nothing left to pay (`order_status` says why).
export const POST = route({ auth: "optional", sameOrigin: true, body: bodySchema }, async ({ user, body }) => {
  const s = await checkoutCart({ payer: user, cartId: await currentCartId(user), email: body.email });
  return json({
    order_id: s.orderId,
    order_number: s.orderNumber,
    order_reference: orderReference(s.orderNumber),
    order_token: s.accessToken,
    payment_intent: s.paymentIntentId,
    client_secret: s.clientSecret,
    status: s.status,
    order_status: s.orderStatus,
    amount: s.amount,
    currency: s.currency,
    publishable_key: stripePublicConfig().publishableKey,
  });
});
