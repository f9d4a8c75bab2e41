import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { clientIp } from "@/lib/auth/client-ip";
import { apiOrderItemsSchema, paymentMethodIdSchema, placeAndPayOrder } from "@/lib/checkout/api-order";
import { listOrdersForUser, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/orders: the caller's orders, newest first.
export const GET = route({ auth: "user" }, async ({ user }) => json({ data: (await listOrdersForUser(user.id)).map(toOrderDto) }));

const bodySchema = z.object({ items: apiOrderItemsSchema, payment_method: paymentMethodIdSchema }).strict();

// POST /api/v1/orders {items:[{product_id, quantity}], payment_method}: order and pay at once.
// Send an Idempotency-Key header to make retries safe.
export const POST = route({ auth: "user", sameOrigin: true, body: bodySchema }, async ({ req, user, body }) => {
  const order = await placeAndPayOrder({
    user,
    items: body.items,
    paymentMethodId: body.payment_method,
    idempotencyKey: req.headers.get("idempotency-key"),
    ip: clientIp(req.headers),
  });
  return json({ data: toOrderDto(order) }, 201);
});
