"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/api/actions";
import { addToCart, getCartView, productIdSchema, quantitySchema, setCartQuantity, toCartDto, type CartDto } from "@/lib/cart";
import { ensureCartId } from "@/lib/cart/session";

const addSchema = z.object({ productId: productIdSchema, quantity: quantitySchema });
const setSchema = z.object({ productId: productIdSchema, quantity: quantitySchema.or(z.literal(0)) });

export async function addToCartAction(productId: string, quantity: number): Promise<ActionResult<CartDto>> {
  return runAction(async () => {
    const input = addSchema.parse({ productId, quantity });
    const cartId = await ensureCartId();
    await addToCart(cartId, input.productId, input.quantity);
    revalidatePath("/", "layout");
    return toCartDto(await getCartView(cartId));
  });
}

/** Set a line's quantity; 0 removes the line. */
export async function setCartQuantityAction(productId: string, quantity: number): Promise<ActionResult<CartDto>> {
  return runAction(async () => {
    const input = setSchema.parse({ productId, quantity });
    const cartId = await ensureCartId();
    await setCartQuantity(cartId, input.productId, input.quantity);
    revalidatePath("/", "layout");
    return toCartDto(await getCartView(cartId));
  });
}
