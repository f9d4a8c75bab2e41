import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SubscriptionManager } from "@/components/subscriptions/subscription-manager";
import { getSessionUser } from "@/lib/auth/session";
import { stripePublicConfig } from "@/lib/stripe/server";
import { currentSubscription, LIVE_STATUSES, listPlans, listSubscriptionInvoices, outstandingPayment } from "@/lib/subscriptions";
import { summarizeSubscription } from "@/lib/subscriptions/view";
import {
  cancelSubscriptionAction,
  changePlanAction,
  finishCardUpdateAction,
  previewPlanChangeAction,
  refreshSubscriptionAction,
  resumeSubscriptionAction,
  startCardUpdateAction,
  subscribeAction,
} from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your subscription" };

const actions = {
  subscribe: subscribeAction,
  refresh: refreshSubscriptionAction,
  cancel: cancelSubscriptionAction,
  resume: resumeSubscriptionAction,
  previewChange: previewPlanChangeAction,
  changePlan: changePlanAction,
  startCardUpdate: startCardUpdateAction,
  finishCardUpdate: finishCardUpdateAction,
};

export default async function SubscriptionPage({ searchParams }: { searchParams: Promise<{ plan?: string | string[] }> }) {
  const chosen = (await searchParams).plan;
  const plan = typeof chosen === "string" && /^[a-z]{1,20}$/.test(chosen) ? chosen : null;
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(plan ? `/account/subscription?plan=${plan}` : "/account/subscription")}`);
  const [plans, row, invoices, paymentDue] = await Promise.all([listPlans(), currentSubscription(user.id), listSubscriptionInvoices(user.id), outstandingPayment(user.id)]);
  const cards = plans.map(({ key, name, amount, currency, interval, features }) => ({ key, name, amount, currency, interval, features }));
  const { publishableKey, stripeJsUrl } = stripePublicConfig();
  return (
    <section aria-labelledby="subscription-heading" className="mx-auto max-w-3xl">
      <h1 id="subscription-heading" className="text-3xl font-semibold tracking-tight">
        Your subscription
      </h1>
      <p className="mt-2 text-sm text-stone-600">
        <Link href="/pricing" className="text-brand-700 hover:underline">
          Compare plans
        </Link>
      </p>
      <div className="mt-6">
        <SubscriptionManager
          stripeConfig={{ publishableKey, stripeJsUrl }}
          plans={cards}
          subscription={row ? summarizeSubscription(row, cards, LIVE_STATUSES) : null}
          invoices={invoices.map((i) => ({ ...i, created: i.created.toISOString() }))}
          chosenPlan={plan}
          paymentDue={paymentDue && "invoiceId" in paymentDue ? paymentDue : null}
          actions={actions}
        />
      </div>
    </section>
  );
}
