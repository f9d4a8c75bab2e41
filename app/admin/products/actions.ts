"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addProduct, editProduct, productFormSchema } from "@/lib/admin/products";
import { formAction } from "@/lib/http/action";

const FIELDS = ["name", "slug", "description", "price", "currency", "image", "bundled_image", "active"] as const;

export const createProductAction = formAction({ input: productFormSchema, echo: FIELDS, auth: "admin" }, async (input, { user }) => {
  const product = await addProduct(input, user);
  revalidatePath("/admin/products");
  redirect(`/admin/products/${product.id}?saved=1`);
});

export const updateProductAction = formAction(
  { input: z.intersection(z.object({ id: z.uuid({ error: "Unknown product." }) }), productFormSchema), echo: FIELDS, auth: "admin" },
  async ({ id, active: _unused, ...input }, { user }) => {
    // Archiving and restoring have their own action (setProductActiveAction); this form leaves `active` alone.
    await editProduct(id, input, user);
    revalidatePath(`/admin/products/${id}`);
    return { data: { message: "Saved. The catalog shows the change now." } };
  },
);

export const setProductActiveAction = formAction({ input: z.object({ id: z.uuid({ error: "Unknown product." }), active: z.enum(["true", "false"]) }), echo: [], auth: "admin" }, async (input, { user }) => {
  const active = input.active === "true";
  await editProduct(input.id, { active }, user);
  revalidatePath(`/admin/products/${input.id}`);
  revalidatePath("/admin/products");
  return { data: { message: active ? "Restored to the catalog." : "Archived: off the catalog; carts refuse it." } };
});
