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
  previewPlanChange,
} from "@/lib/subscriptions";
import { planChangeView } from "@/lib/subscriptions/view";

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
/** What switching plan would charge today or credit on the next invoice (Stripe's preview), with the quote to confirm it. */
export const previewPlanChangeAction = action({ input: plan, auth: "user" }, async ({ plan }, { user }) => planChangeView(await previewPlanChange(user.id, plan)));
/** Switch plan as previewed (the quote fixes the proration second): how the charge of an upgrade went. */
export const changePlanAction = action({ input: plan.extend({ quote: z.string().min(1).max(1000) }), auth: "user" }, async ({ plan, quote }, { user }) => ({
  payment: (await changePlan(user.id, plan, quote)).payment,
}));
export const startCardUpdateAction = action({ input: none, auth: "user" }, async (_input, { user }) => startCardUpdate(user));
export const finishCardUpdateAction = action({ input: z.object({ setupIntentId: z.string().regex(/^seti_[A-Za-z0-9_]+$/) }), auth: "user" }, async ({ setupIntentId }, { user }) =>
  void (await finishCardUpdate(user, setupIntentId)),
);
