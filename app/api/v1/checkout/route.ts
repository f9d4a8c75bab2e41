import { z } from "zod";
import { readJson } from "@/lib/api/request";
import { apiHandler, ApiError, json } from "@/lib/api/responses";
import { authenticateRequest } from "@/lib/auth/request";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { currentCartId } from "@/lib/cart/session";
import { checkoutEmailSchema, startCheckout } from "@/lib/checkout";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ email: checkoutEmailSchema.optional() }).strict();

// POST /api/v1/checkout {email?}: the order and PaymentIntent for the caller's cart (idempotent).
// `client_secret` is null once there is nothing left to pay (`order_status` says why).
export const POST = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const body = await readJson(req, bodySchema);
  const user = await authenticateRequest(req);
  const cartId = await currentCartId(user);
  if (!cartId) throw new ApiError(400, "cart_empty", "Your cart is empty.", { cart: ["has no items"] });
  const email = user?.email ?? body.email;
  if (!email) throw new ApiError(400, "invalid_request", "An email is needed for the receipt", { email: ["is required"] });
  const s = await startCheckout({ cartId, userId: user?.id ?? null, email });
  return json({
    order_id: s.orderId,
    order_number: s.orderNumber,
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
