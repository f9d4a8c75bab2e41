import { z } from "zod";
import { readJson } from "@/lib/api/request";
import { apiHandler, json } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { requireUser } from "@/lib/auth/request";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { apiOrderItemsSchema, paymentMethodIdSchema, placeAndPayOrder } from "@/lib/checkout/api-order";
import { listOrdersForUser, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/orders: the caller's orders, newest first.
export const GET = apiHandler(async (req: Request) => {
  const user = await requireUser(req);
  return json({ data: (await listOrdersForUser(user.id)).map(toOrderDto) });
});

const bodySchema = z.object({ items: apiOrderItemsSchema, payment_method: paymentMethodIdSchema }).strict();

// POST /api/v1/orders {items:[{product_id, quantity}], payment_method}: order and pay at once.
// Send an Idempotency-Key header to make retries safe.
export const POST = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const user = await requireUser(req);
  const body = await readJson(req, bodySchema);
  const order = await placeAndPayOrder({
    user,
    items: body.items,
    paymentMethodId: body.payment_method,
    idempotencyKey: req.headers.get("idempotency-key"),
    ip: clientIp(req.headers),
  });
  return json({ data: toOrderDto(order) }, 201);
});
