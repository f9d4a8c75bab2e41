"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancelSubscriptionFor } from "@/lib/admin/actions-more";
import { formAction } from "@/lib/http/action";

export const cancelAtPeriodEndAction = formAction({ input: z.object({ user_id: z.uuid({ error: "Unknown customer." }) }), echo: [], auth: "admin" }, async (input, { user }) => {
  const row = await cancelSubscriptionFor(input.user_id, user);
  revalidatePath("/admin/subscriptions");
  return { data: { message: row.cancelAtPeriodEnd ? "Cancels at period end." : `Now ${row.status}.` } };
});
