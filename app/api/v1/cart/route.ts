import { z } from "zod";
import { readJson } from "@/lib/api/request";
import { apiHandler, json } from "@/lib/api/responses";
import { authenticateRequest } from "@/lib/auth/request";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { clearCart, getCartView, productIdSchema, quantitySchema, setCartQuantity, toCartDto } from "@/lib/cart";
import { currentCartId, ensureCartId } from "@/lib/cart/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const emptyCart = (currency: string) => ({ id: null, version: null, currency, items: [], item_count: 0, subtotal: 0 });

// GET /api/v1/cart: the caller's cart (session cookie or token user).
export const GET = apiHandler(async (req: Request) => {
  const user = await authenticateRequest(req);
  const cartId = await currentCartId(user);
  if (!cartId) return json(emptyCart(env().STORE_CURRENCY));
  return json(toCartDto(await getCartView(cartId)));
});

const setLineSchema = z.object({ product_id: productIdSchema, quantity: quantitySchema.or(z.literal(0)) }).strict();

// POST /api/v1/cart {product_id, quantity}: set a line's quantity (0 removes it). Idempotent.
export const POST = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const body = await readJson(req, setLineSchema);
  const user = await authenticateRequest(req);
  const cartId = await ensureCartId(user);
  await setCartQuantity(cartId, body.product_id, body.quantity);
  return json(toCartDto(await getCartView(cartId)));
});

// DELETE /api/v1/cart: empty the cart.
export const DELETE = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const user = await authenticateRequest(req);
  const cartId = await currentCartId(user);
  if (cartId) await clearCart(cartId);
  return json(cartId ? toCartDto(await getCartView(cartId)) : emptyCart(env().STORE_CURRENCY));
});
