import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { clearCart, getCartView, productIdSchema, quantitySchema, setCartQuantity, toCartDto } from "@/lib/cart";
import { currentCartId, ensureCartId } from "@/lib/cart/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const emptyCart = (currency: string) => ({ id: null, version: null, currency, items: [], item_count: 0, subtotal: 0 });

// GET /api/v1/cart: the caller's cart (session cookie or token user).
export const GET = route({ auth: "optional" }, async ({ user }) => {
  const cartId = await currentCartId(user);
  if (!cartId) return json(emptyCart(env().STORE_CURRENCY));
  return json(toCartDto(await getCartView(cartId)));
});

const setLineSchema = z.object({ product_id: productIdSchema, quantity: quantitySchema.or(z.literal(0)) }).strict();

// POST /api/v1/cart {product_id, quantity}: set a line's quantity (0 removes it). Idempotent.
export const POST = route({ auth: "optional", sameOrigin: true, body: setLineSchema }, async ({ user, body }) => {
  const cartId = await ensureCartId(user);
  await setCartQuantity(cartId, body.product_id, body.quantity);
  return json(toCartDto(await getCartView(cartId)));
});

// DELETE /api/v1/cart: empty the cart.
export const DELETE = route({ auth: "optional", sameOrigin: true }, async ({ user }) => {
  const cartId = await currentCartId(user);
  if (cartId) await clearCart(cartId);
  return json(cartId ? toCartDto(await getCartView(cartId)) : emptyCart(env().STORE_CURRENCY));
});
