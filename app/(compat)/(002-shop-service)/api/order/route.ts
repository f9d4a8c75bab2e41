import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { productIdSchema, quantitySchema } from "@/lib/cart";
import { apiOrderItemsSchema, paymentMethodIdSchema, placeAndPayOrder } from "@/lib/checkout/api-order";
import { drf } from "@/lib/http/contracts/drf";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listOrdersForUser, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

/**
 * Legacy shop service (002)'s orders, verbatim paths: `GET /api/order/` lists the token user's
 * orders; `POST /api/order/` places an order and pays it. Errors answer as Django REST framework
 * did (lib/http/contracts/drf.ts). The body takes the canonical `items: [{product_id, quantity}]`
 * or a single `product_id` (+ `quantity`), and the payment as `payment_method` (pm_...) or the
 * older `token`/`stripeToken`.
 */
export const GET = route({ auth: "user", errors: drf }, async ({ user }) => json((await listOrdersForUser(user.id)).map(toOrderDto)));

const bodySchema = z
  .object({
    items: apiOrderItemsSchema.optional(),
    product_id: productIdSchema.optional(),
    quantity: quantitySchema.optional(),
    payment_method: paymentMethodIdSchema.optional(),
    token: paymentMethodIdSchema.optional(),
    stripeToken: paymentMethodIdSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.items && !b.product_id) ctx.addIssue({ code: "custom", path: ["items"], message: "This field is required." });
    if (!b.payment_method && !b.token && !b.stripeToken) ctx.addIssue({ code: "custom", path: ["payment_method"], message: "This field is required." });
  });

export const POST = route({ auth: "user", sameOrigin: true, body: bodySchema, forms: true, errors: drf }, async ({ req, user, body }) => {
  const order = await placeAndPayOrder({
    user,
    items: body.items ?? [{ product_id: body.product_id!, quantity: body.quantity ?? 1 }],
    paymentMethodId: (body.payment_method ?? body.token ?? body.stripeToken)!,
    idempotencyKey: req.headers.get("idempotency-key"),
    ip: clientIp(req.headers),
  });
  return json(toOrderDto(order), 201);
});
