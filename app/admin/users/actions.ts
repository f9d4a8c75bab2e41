"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addUser, adminNewUserSchema, changeAccess, deleteUserWithoutOrders } from "@/lib/admin/users";
import { formAction } from "@/lib/http/action";

/** The add-user form: `password_mode` says whether a password is typed or a set-password link is sent. */
const addUserForm = z.preprocess((raw) => {
  const f = raw as Record<string, string>;
  const link = f.password_mode === "link";
  return { email: f.email, name: f.name, role: f.role || "customer", ...(link ? { send_set_password_link: true } : { password: f.password || undefined }) };
}, adminNewUserSchema);

export const addUserAction = formAction({ input: addUserForm, echo: ["email", "name", "role", "password_mode"], auth: "admin" }, async (input, { user }) => {
  const created = await addUser(input, user);
  revalidatePath("/admin/users");
  redirect(`/admin/users/${created.id}?added=1`);
});

const id = z.uuid({ error: "Unknown user." });

export const changeRoleAction = formAction(
  { input: z.object({ id, role: z.enum(["customer", "admin"], { error: "Choose customer or admin." }) }), echo: [], auth: "admin" },
  async (input, { user }) => {
    await changeAccess(input.id, { role: input.role }, user);
    revalidatePath(`/admin/users/${input.id}`);
    return { data: { message: "Role saved; the user was signed out everywhere." } };
  },
);

export const setActiveAction = formAction({ input: z.object({ id, active: z.enum(["true", "false"]) }), echo: [], auth: "admin" }, async (input, { user }) => {
  const active = input.active === "true";
  await changeAccess(input.id, { active }, user);
  revalidatePath(`/admin/users/${input.id}`);
  return { data: { message: active ? "Reactivated." : "Deactivated and signed out everywhere." } };
});

export const deleteUserAction = formAction({ input: z.object({ id }), echo: [], auth: "admin" }, async (input, { user }) => {
  await deleteUserWithoutOrders(input.id, user);
  revalidatePath("/admin/users");
  redirect("/admin/users?deleted=1");
});
