import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { productIdSchema, quantitySchema, setCartQuantity, toCartDto } from "@/lib/cart";
import { changeCart, clearCurrentCart, currentCart } from "@/lib/cart/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const emptyCart = (currency: string) => ({ id: null, version: null, currency, items: [], item_count: 0, subtotal: 0 });

// GET /api/v1/cart: the caller's cart (session cookie or token user).
export const GET = route({ auth: "optional" }, async ({ user }) => {
  const cart = await currentCart(user);
  return json(cart ? toCartDto(cart) : emptyCart(env().STORE_CURRENCY));
});

const setLineSchema = z.object({ product_id: productIdSchema, quantity: quantitySchema.or(z.literal(0)) }).strict();

// POST /api/v1/cart {product_id, quantity}: set a line's quantity (0 removes it). Idempotent.
export const POST = route({ auth: "optional", sameOrigin: true, body: setLineSchema }, async ({ user, body }) => {
  return json(toCartDto(await changeCart(user, (cartId) => setCartQuantity(cartId, body.product_id, body.quantity))));
});

// DELETE /api/v1/cart: empty the cart.
export const DELETE = route({ auth: "optional", sameOrigin: true }, async ({ user }) => {
  const cart = await clearCurrentCart(user);
  return json(cart ? toCartDto(cart) : emptyCart(env().STORE_CURRENCY));
});
