"use server";

import { z } from "zod";
import { action } from "@/lib/http/action";
import {
  cancelSubscription,
  changePlan,
  finishCardUpdate,
  resumeSubscription,
  startCardUpdate,
  subscribeOrRetry,
  syncSubscription,
  currentSubscription,
} from "@/lib/subscriptions";

const plan = z.object({ plan: z.string().max(40) });
const none = z.object({});

/** Subscribe (or, for an incomplete subscription to the same plan, pay it again): the secret to confirm. */
export const subscribeAction = action({ input: plan, auth: "user" }, async ({ plan }, { user }) => ({
  clientSecret: (await subscribeOrRetry(user, plan)).clientSecret,
}));

/** After the browser confirmed a payment: read the subscription from Stripe now (the webhook follows). */
export const refreshSubscriptionAction = action({ input: none, auth: "user" }, async (_input, { user }) => {
  const row = await currentSubscription(user.id);
  if (row?.stripeSubscriptionId) await syncSubscription(row.stripeSubscriptionId);
});

export const cancelSubscriptionAction = action({ input: none, auth: "user" }, async (_input, { user }) => void (await cancelSubscription(user.id)));
export const resumeSubscriptionAction = action({ input: none, auth: "user" }, async (_input, { user }) => void (await resumeSubscription(user.id)));
export const changePlanAction = action({ input: plan, auth: "user" }, async ({ plan }, { user }) => void (await changePlan(user.id, plan)));
export const startCardUpdateAction = action({ input: none, auth: "user" }, async (_input, { user }) => startCardUpdate(user));
export const finishCardUpdateAction = action({ input: z.object({ setupIntentId: z.string().regex(/^seti_[A-Za-z0-9_]+$/) }), auth: "user" }, async ({ setupIntentId }, { user }) =>
  void (await finishCardUpdate(user, setupIntentId)),
);
