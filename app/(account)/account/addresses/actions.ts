"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { formAction } from "@/lib/http/action";
import { SHIPPING_ADDRESS_FIELDS, shippingAddressSchema } from "@/lib/shipping";
import { deleteAddress, saveAddress, setDefaultAddress } from "@/lib/shipping/address-book";

const PAGE = "/account/addresses";

/** The form's fields as the checkout's address schema reads them (an empty field is one left out). */
const addressForm = z.preprocess((raw) => {
  const form = (raw ?? {}) as Record<string, unknown>;
  return Object.fromEntries(SHIPPING_ADDRESS_FIELDS.flatMap((k) => (typeof form[k] === "string" && form[k] !== "" ? [[k, form[k]]] : [])));
}, shippingAddressSchema);

async function member() {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(PAGE)}`);
  return user;
}

/** Add an address (checked as the checkout checks one); the form is emptied after it. */
export const addAddressAction = formAction({ input: addressForm, echo: SHIPPING_ADDRESS_FIELDS }, async (address) => {
  const user = await member();
  await saveAddress(user.id, address);
  revalidatePath(PAGE);
  return { values: {}, data: { saved: "Address saved." } };
});

const entry = z.object({ id: z.string().max(100) });

export const setDefaultAddressAction = formAction({ input: entry, echo: [] }, async ({ id }) => {
  const user = await member();
  await setDefaultAddress(user.id, id);
  revalidatePath(PAGE);
});

export const deleteAddressAction = formAction({ input: entry, echo: [] }, async ({ id }) => {
  const user = await member();
  await deleteAddress(user.id, id);
  revalidatePath(PAGE);
});
