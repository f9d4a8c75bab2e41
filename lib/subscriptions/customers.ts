import { eq } from "drizzle-orm";
import { stripeCustomers } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/types";
import { db } from "@/lib/db";
import { getStripe } from "@/lib/stripe/server";

/** The user's Stripe customer id, if one was made. */
export async function findCustomerId(userId: string): Promise<string | null> {
  const [row] = await db().select({ customerId: stripeCustomers.customerId }).from(stripeCustomers).where(eq(stripeCustomers.userId, userId)).limit(1);
  return row?.customerId ?? null;
}

/** The user whose Stripe customer this is, if it is one of ours. */
export async function findUserIdByCustomer(customerId: string): Promise<string | null> {
  const [row] = await db().select({ userId: stripeCustomers.userId }).from(stripeCustomers).where(eq(stripeCustomers.customerId, customerId)).limit(1);
  return row?.userId ?? null;
}

/**
 * The user's Stripe customer, created once: two first subscribes racing send the same
 * idempotency key (derived from the user id), so Stripe makes one customer and answers both;
 * the id is stored by one insert that a second writer cannot overwrite.
 */
export async function ensureCustomer(user: Pick<SessionUser, "id" | "email">): Promise<string> {
  const known = await findCustomerId(user.id);
  if (known) return known;
  const customer = await getStripe().customers.create(
    { email: user.email, metadata: { cashline_user_id: user.id } },
    { idempotencyKey: `cashline-customer:${user.id}` },
  );
  await db().insert(stripeCustomers).values({ userId: user.id, customerId: customer.id }).onConflictDoNothing();
  return (await findCustomerId(user.id))!;
}
