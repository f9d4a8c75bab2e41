import { z } from "zod";
import { drfErrorBody, readBody } from "@/lib/api/request";
import { ApiError, json, RateLimitedError, retryAfterHeaders, toErrorResponse } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { authenticateRequest } from "@/lib/auth/request";
import { crossOriginProblem } from "@/lib/auth/same-origin";
import { CardDeclinedError, paymentMethodIdSchema, placeAndPayOrder } from "@/lib/checkout/api-order";
import { productIdSchema, quantitySchema } from "@/lib/cart";
import { listOrdersForUser, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

/**
 * Seed 002's order service, verbatim paths: `GET /api/order/` lists the token user's orders;
 * `POST /api/order/` places an order and pays it. Errors answer as Django REST Framework did:
 * {"detail": "..."} for auth and payment failures, {"<field>": ["..."]} for validation.
 * The body takes `items: [{product_id, quantity}]` or a single `product_id` (+ `quantity`), and the
 * payment as `payment_method` (pm_...) or the older `token`/`stripeToken`.
 */
const unauthorized = () => json({ detail: "Authentication credentials were not provided." }, 401);

export async function GET(req: Request) {
  const user = await authenticateRequest(req);
  if (!user) return unauthorized();
  return json((await listOrdersForUser(user.id)).map(toOrderDto));
}

const bodySchema = z
  .object({
    items: z.array(z.object({ product_id: productIdSchema, quantity: quantitySchema.default(1) })).min(1).max(50).optional(),
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

export async function POST(req: Request) {
  const crossOrigin = crossOriginProblem(req);
  if (crossOrigin) return json({ detail: crossOrigin.message }, crossOrigin.status);
  const user = await authenticateRequest(req);
  if (!user) return unauthorized();
  const parsed = await readBody(req, bodySchema);
  if (!parsed.ok) return json(drfErrorBody(parsed.problem), parsed.problem.status);
  const b = parsed.data;
  try {
    const order = await placeAndPayOrder({
      user,
      items: b.items ?? [{ product_id: b.product_id!, quantity: b.quantity ?? 1 }],
      paymentMethodId: (b.payment_method ?? b.token ?? b.stripeToken)!,
      idempotencyKey: req.headers.get("idempotency-key"),
      ip: clientIp(req.headers),
    });
    return json(toOrderDto(order), 201);
  } catch (err) {
    if (err instanceof CardDeclinedError) return json({ detail: err.message, code: err.declineCode ?? err.code }, 402);
    if (err instanceof RateLimitedError) return json({ detail: err.message }, { status: 429, headers: retryAfterHeaders(err) });
    if (err instanceof ApiError) return json(err.fields ?? { detail: err.message }, err.status);
    return toErrorResponse(err);
  }
}
