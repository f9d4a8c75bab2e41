"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/http/action";
import { createIvrKey, revokeIvrKey } from "@/lib/ivr/keys";
import { createIvrTransaction } from "@/lib/ivr/transactions";
import { plainText } from "@/lib/validation/text";

/** Create an IVR key; the key comes back in `data.key`, shown this once. */
export const createIvrKeyAction = formAction(
  { input: z.object({ name: plainText({ error: "Give the key a name." }).trim().min(1, { error: "Give the key a name." }).max(100) }), echo: ["name"], auth: "admin" },
  async (input, { user }) => {
    const { key, record } = await createIvrKey({ name: input.name, createdBy: user?.id });
    revalidatePath("/admin/ivr");
    return { values: {}, data: { key, name: record.name } };
  },
);

export const revokeIvrKeyAction = formAction({ input: z.object({ id: z.uuid() }), echo: [], auth: "admin" }, async (input) => {
  await revokeIvrKey(input.id);
  revalidatePath("/admin/ivr");
});

/** An empty form field is a field left out. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const amountText = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: "Enter the amount in minor units (cents), e.g. 1500." })
  .transform(Number);

/** Create a pending transaction for a phone system to pay (optionally for an order's balance). */
export const createIvrTransactionAction = formAction(
  {
    input: z.object({
      amount: optional(amountText),
      description: optional(plainText().max(500)),
      order_id: optional(z.uuid({ error: "Enter an order id." })),
      trans_id: optional(plainText().max(64)),
    }),
    echo: ["amount", "description", "order_id", "trans_id"],
    auth: "admin",
  },
  async (input, { user }) => {
    const created = await createIvrTransaction(
      { amount: input.amount, description: input.description ?? null, orderId: input.order_id, transId: input.trans_id },
      { kind: "admin", user: user! },
    );
    revalidatePath("/admin/ivr");
    return { values: {}, data: { trans_id: created.transId, amount: String(created.amount), currency: created.currency } };
  },
);
