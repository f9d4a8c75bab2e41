import Link from "next/link";
import { formatMoney } from "@/lib/money";
import type { PlanCard } from "@/lib/subscriptions/view";

type Props = {
  plans: PlanCard[];
  /** null for a guest. */
  member: { currentPlan: string | null } | null;
};

/** Both plans side by side: the member's current plan marked, a call to action on each. */
export function PlanCards({ plans, member }: Props) {
  return (
    <ul role="list" className="grid gap-6 md:grid-cols-2">
      {plans.map((plan) => {
        const current = member?.currentPlan === plan.key;
        const next = `/account/subscription?plan=${plan.key}`;
        return (
          <li key={plan.key} data-testid={`plan-${plan.key}`} className={`flex flex-col rounded-xl border bg-white p-6 ${current ? "border-brand-600 ring-2 ring-brand-600" : "border-stone-200"}`}>
            <div className="flex items-baseline justify-between gap-4">
              <h2 className="text-xl font-semibold">{plan.name}</h2>
              {current ? <span className="rounded-full bg-brand-600 px-3 py-1 text-xs font-medium text-white">Your plan</span> : null}
            </div>
            <p className="mt-2">
              <span className="text-3xl font-semibold tabular-nums">{formatMoney(plan.amount, plan.currency)}</span>
              <span className="text-stone-600"> / {plan.interval}</span>
            </p>
            <ul role="list" className="mt-4 flex-1 list-disc space-y-1 pl-5 text-sm text-stone-700">
              {plan.features.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
            <div className="mt-6">
              {!member ? (
                <div className="flex flex-col gap-2 text-sm">
                  <Link href={`/signup?callbackUrl=${encodeURIComponent(next)}`} className="rounded-lg bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700">
                    Sign up for {plan.name}
                  </Link>
                  <Link href={`/login?callbackUrl=${encodeURIComponent(next)}`} className="text-center text-brand-700 hover:underline">
                    Already a member? Sign in
                  </Link>
                </div>
              ) : current ? (
                <Link href="/account/subscription" className="block rounded-lg border border-stone-300 px-4 py-2 text-center font-medium hover:border-brand-600">
                  Manage your subscription
                </Link>
              ) : (
                <Link href={member.currentPlan ? "/account/subscription" : next} className="block rounded-lg bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700">
                  {member.currentPlan ? `Switch to ${plan.name}` : `Choose ${plan.name}`}
                </Link>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
