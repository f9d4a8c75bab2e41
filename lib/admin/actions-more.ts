import { recordAdminAction } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/types";
import { getEmail, resendEmail } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { cancelSubscription, currentSubscription } from "@/lib/subscriptions";

/** Cancel a customer's subscription at the end of its period, on their behalf (lib/subscriptions' own cancel); recorded on the user. */
export async function cancelSubscriptionFor(userId: string, actor: SessionUser | null) {
  const current = await currentSubscription(userId);
  if (!current) throw new DomainError("not_found", "This customer has no subscription.");
  const row = await cancelSubscription(userId);
  await recordAdminAction({ actor, target: `/admin/users/${userId}`, action: "subscription.cancel_at_period_end", details: { subscription: row.stripeSubscriptionId, plan: row.plan, status: row.status } });
  return row;
}

/** Send a stored email again (the same job path); recorded on the email. */
export async function resendEmailAs(id: string, actor: SessionUser | null) {
  const email = await getEmail(id);
  if (!email) throw new DomainError("not_found", "No such email");
  const { dedupeKey } = await resendEmail(id);
  await recordAdminAction({ actor, target: `/admin/emails/${id}`, action: "email.resent", details: { to: email.to, dedupe_key: dedupeKey } });
  return { dedupeKey };
}
