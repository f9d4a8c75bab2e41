import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { orderReference } from "@/lib/orders";
import { currentCartId } from "@/lib/cart/session";
import { checkoutCart, checkoutEmailSchema } from "@/lib/checkout";
import { shippingAddressSchema, shippingRateIdSchema } from "@/lib/shipping";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

const bodySchema = z
  .object({ email: checkoutEmailSchema.optional(), shipping_address: shippingAddressSchema.optional(), shipping_rate: shippingRateIdSchema.optional() })
  .strict();

// POST /api/v1/checkout {email?, shipping_address?, shipping_rate?}: the order and PaymentIntent
// for the caller's cart (idempotent per cart version; a new address or rate is a new version).
// A cart with physical goods needs an address and a rate offered there (given now or before).
// `client_secret` is null once there is nothing left to pay (`order_status` says why).
export const POST = route({ auth: "optional", sameOrigin: true, body: bodySchema }, async ({ user, body }) => {
  const s = await checkoutCart({
    payer: user,
    cartId: await currentCartId(user),
    email: body.email,
    shipping: "collected",
    selection: { shipping_address: body.shipping_address, shipping_rate: body.shipping_rate },
  });
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
    amounts: s.amounts,
    shipping_address: s.shippingAddress,
    shipping_rate: s.shippingRate,
    publishable_key: stripePublicConfig().publishableKey,
  });
});
