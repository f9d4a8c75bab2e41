import type { Metadata } from "next";
import { PlanCards } from "@/components/subscriptions/plan-cards";
import { getSessionUser } from "@/lib/auth/session";
import { currentSubscription, isLive, listPlans } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pricing" };

export default async function PricingPage() {
  const user = await getSessionUser();
  const [plans, current] = await Promise.all([listPlans(), user ? currentSubscription(user.id) : null]);
  return (
    <section aria-labelledby="pricing-heading" className="mx-auto max-w-4xl">
      <h1 id="pricing-heading" className="text-3xl font-semibold tracking-tight">
        Membership
      </h1>
      <p className="mt-2 text-stone-600">Monthly plans, billed by Stripe. Cancel any time: your plan runs to the end of the month you paid for.</p>
      <div className="mt-8">
        <PlanCards
          plans={plans.map(({ key, name, amount, currency, interval, features }) => ({ key, name, amount, currency, interval, features }))}
          member={user ? { currentPlan: current && isLive(current) ? current.plan : null } : null}
        />
      </div>
    </section>
  );
}
