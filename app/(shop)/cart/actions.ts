"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addToCart, productIdSchema, quantitySchema, setCartQuantity, toCartDto } from "@/lib/cart";
import { changeCart } from "@/lib/cart/session";
import { action } from "@/lib/http/action";

/** Add to the cart (the product page). */
export const addToCartAction = action({ input: z.object({ productId: productIdSchema, quantity: quantitySchema }) }, async (input, { user }) => {
  const cart = await changeCart(user, (cartId) => addToCart(cartId, input.productId, input.quantity));
  revalidatePath("/", "layout");
  return toCartDto(cart);
});

/** Set a line's quantity; 0 removes the line (the cart page). */
export const setCartQuantityAction = action(
  { input: z.object({ productId: productIdSchema, quantity: quantitySchema.or(z.literal(0)) }) },
  async (input, { user }) => {
    const cart = await changeCart(user, (cartId) => setCartQuantity(cartId, input.productId, input.quantity));
    revalidatePath("/", "layout");
    return toCartDto(cart);
  },
);
