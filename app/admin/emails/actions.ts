"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { resendEmailAs } from "@/lib/admin/actions-more";
import { formAction } from "@/lib/http/action";

export const resendEmailAction = formAction({ input: z.object({ id: z.uuid({ error: "Unknown email." }) }), echo: [], auth: "admin" }, async (input, { user }) => {
  await resendEmailAs(input.id, user);
  revalidatePath("/admin/emails");
  return { data: { message: "Queued to be sent again; the copy appears in the outbox." } };
});
