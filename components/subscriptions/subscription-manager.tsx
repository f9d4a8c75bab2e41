"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useSingleSubmit } from "@/components/checkout/use-single-submit";
import type { ActionResult } from "@/lib/http/action";
import { formatMoney } from "@/lib/money";
import { paymentErrorMessage } from "@/lib/stripe/messages";
import type { Stripe as StripeJs, StripeElements } from "@stripe/stripe-js";
import { loadStripeFor, type StripeBrowserConfig } from "@/lib/stripe/browser";
import type { InvoiceLine, PaymentDue, PlanCard, PlanChangeView, SubscriptionSummary } from "@/lib/subscriptions/view";

type Actions = {
  subscribe: (input: { plan: string }) => Promise<ActionResult<{ clientSecret: string | null }>>;
  refresh: (input: Record<string, never>) => Promise<ActionResult<void>>;
  cancel: (input: Record<string, never>) => Promise<ActionResult<void>>;
  resume: (input: Record<string, never>) => Promise<ActionResult<void>>;
  previewChange: (input: { plan: string }) => Promise<ActionResult<PlanChangeView>>;
  changePlan: (input: { plan: string; quote: string }) => Promise<ActionResult<{ payment: { status: "paid" | "none" } | PaymentDue }>>;
  startCardUpdate: (input: Record<string, never>) => Promise<ActionResult<{ clientSecret: string }>>;
  finishCardUpdate: (input: { setupIntentId: string }) => Promise<ActionResult<void>>;
};

type Props = {
  stripeConfig: StripeBrowserConfig;
  plans: PlanCard[];
  subscription: SubscriptionSummary | null;
  invoices: InvoiceLine[];
  /** The plan the member picked on the pricing page. */
  chosenPlan: string | null;
  /** An invoice of a past-due subscription to pay now (a plan change's charge, a renewal). */
  paymentDue: PaymentDue | null;
  actions: Actions;
};

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const date = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : "—");

/** The member's subscription: subscribe (Payment Element), or its details and what can be done with it. */
export function SubscriptionManager(props: Props) {
  const { subscription } = props;
  const needsPayment = !subscription || !subscription.live || subscription.status === "incomplete";
  return (
    <div className="flex flex-col gap-8">
      {subscription ? <Details subscription={subscription} /> : null}
      {props.paymentDue && !needsPayment ? <PayDue due={props.paymentDue} stripeConfig={props.stripeConfig} actions={props.actions} /> : null}
      {needsPayment ? <SubscribeForm {...props} /> : <Manage {...props} subscription={subscription!} />}
      <Invoices invoices={props.invoices} />
    </div>
  );
}

function Details({ subscription: s }: { subscription: SubscriptionSummary }) {
  return (
    <section aria-labelledby="status-heading" className="rounded-xl border border-stone-200 bg-white p-6">
      <h2 id="status-heading" className="text-lg font-semibold">
        {s.planName} plan
      </h2>
      <p className="mt-1 text-stone-700" data-testid="subscription-status">
        {s.statusText}
      </p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-stone-500">Price</dt>
        <dd data-testid="subscription-price">{s.amount !== null && s.currency ? `${formatMoney(s.amount, s.currency)} a month` : "—"}</dd>
        <dt className="text-stone-500">Current period</dt>
        <dd data-testid="subscription-period">
          {date(s.currentPeriodStart)} – {date(s.currentPeriodEnd)}
        </dd>
        <dt className="text-stone-500">Card</dt>
        <dd data-testid="subscription-card">{s.card ? `${s.card.brand.toUpperCase()} ending in ${s.card.last4}` : "—"}</dd>
      </dl>
    </section>
  );
}

function useStripeConfig(config: StripeBrowserConfig) {
  return useMemo(() => loadStripeFor(config), [config]);
}

function SubscribeForm(props: Props) {
  const stripePromise = useStripeConfig(props.stripeConfig);
  const incomplete = props.subscription?.status === "incomplete" ? props.subscription.plan : null;
  const [plan, setPlan] = useState(incomplete ?? props.chosenPlan ?? props.plans[0]?.key ?? "basic");
  const chosen = props.plans.find((p) => p.key === plan) ?? props.plans[0];
  if (!chosen) return <p>No plans are available right now.</p>;
  return (
    <section aria-labelledby="subscribe-heading" className="rounded-xl border border-stone-200 bg-white p-6">
      <h2 id="subscribe-heading" className="text-lg font-semibold">
        {incomplete ? "Complete your payment" : "Subscribe"}
      </h2>
      <fieldset className="mt-4 flex flex-wrap gap-3" disabled={Boolean(incomplete)}>
        <legend className="sr-only">Plan</legend>
        {props.plans.map((p) => (
          <label key={p.key} className={`flex cursor-pointer items-center gap-2 rounded-lg border px-4 py-2 ${p.key === plan ? "border-brand-600" : "border-stone-300"}`}>
            <input type="radio" name="plan" value={p.key} checked={p.key === plan} onChange={() => setPlan(p.key)} />
            {p.name} · {formatMoney(p.amount, p.currency)} / {p.interval}
          </label>
        ))}
      </fieldset>
      <div className="mt-6">
        <Elements
          stripe={stripePromise}
          options={{ mode: "subscription", amount: chosen.amount, currency: chosen.currency, appearance: { theme: "stripe", variables: { colorPrimary: "#2f6f5e" } } }}
        >
          <PayForm plan={chosen} actions={props.actions} />
        </Elements>
      </div>
    </section>
  );
}

function PayForm({ plan, actions }: { plan: PlanCard; actions: Actions }) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const { busy, error, setError, run } = useSingleSubmit(); // a double click must not subscribe twice

  const pay = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    await run(async () => {
      const { error: submitError } = await elements.submit();
      if (submitError) return setError(paymentErrorMessage(submitError, "Check your card details."));
      const started = await actions.subscribe({ plan: plan.key });
      if (!started.ok) return setError(started.error);
      if (started.data.clientSecret) {
        const result = await stripe.confirmPayment({
          elements,
          clientSecret: started.data.clientSecret,
          confirmParams: { return_url: new URL("/account/subscription", window.location.origin).toString() },
          redirect: "if_required",
        });
        if (result.error) {
          // A decline or a failed challenge: the subscription waits, the member may try another card.
          setError(paymentErrorMessage(result.error));
          router.refresh();
          return;
        }
      }
      await actions.refresh({});
      router.refresh();
    });
  };

  return (
    <form onSubmit={pay} className="flex flex-col gap-5" noValidate>
      <PaymentElement />
      {error ? (
        <p role="alert" data-testid="payment-error" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={!stripe || !elements || busy} className="rounded-lg bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {busy ? "Processing…" : `Subscribe to ${plan.name} for ${formatMoney(plan.amount, plan.currency)} a month`}
      </button>
    </form>
  );
}

function Manage({ subscription: s, plans, actions, stripeConfig }: Props & { subscription: SubscriptionSummary }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updatingCard, setUpdatingCard] = useState<string | null>(null);
  const [change, setChange] = useState<PlanChangeView | null>(null);
  const run = async (call: () => Promise<ActionResult<unknown>>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (!result.ok) setError(result.error);
    router.refresh();
  };
  const other = plans.find((p) => p.key !== s.plan);
  const button = "rounded-lg border border-stone-300 px-4 py-2 font-medium hover:border-brand-600 disabled:opacity-60";
  return (
    <section aria-labelledby="manage-heading" className="rounded-xl border border-stone-200 bg-white p-6">
      <h2 id="manage-heading" className="text-lg font-semibold">
        Manage
      </h2>
      <div className="mt-4 flex flex-wrap gap-3">
        {s.cancelAtPeriodEnd ? (
          <button type="button" className={button} disabled={busy} onClick={() => run(() => actions.resume({}))}>
            Resume subscription
          </button>
        ) : (
          <button type="button" className={button} disabled={busy} onClick={() => run(() => actions.cancel({}))}>
            Cancel at period end
          </button>
        )}
        {other && !change ? (
          <button
            type="button"
            className={button}
            disabled={busy}
            onClick={async () => {
              if (busy) return;
              setBusy(true);
              setError(null);
              const preview = await actions.previewChange({ plan: other.key });
              setBusy(false);
              if (preview.ok) setChange(preview.data);
              else setError(preview.error);
            }}
          >
            Switch to {other.name} ({formatMoney(other.amount, other.currency)} / {other.interval})
          </button>
        ) : null}
        <button
          type="button"
          className={button}
          disabled={busy || updatingCard !== null}
          onClick={async () => {
            const started = await actions.startCardUpdate({});
            if (started.ok) setUpdatingCard(started.data.clientSecret);
            else setError(started.error);
          }}
        >
          Update card
        </button>
      </div>
      {change && other ? (
        <ConfirmChange
          change={change}
          planName={other.name}
          currentName={s.planName}
          busy={busy}
          cancel={() => setChange(null)}
          confirm={() =>
            run(async () => {
              const result = await actions.changePlan({ plan: change.plan, quote: change.quote });
              setChange(null);
              if (!result.ok) return result;
              const payment = result.data.payment;
              if (payment.status === "requires_action" && payment.clientSecret) {
                // The bank wants the member: 3-D Secure now, on this page.
                const stripe = await loadStripeFor(stripeConfig);
                const done = await stripe?.handleNextAction({ clientSecret: payment.clientSecret });
                await actions.refresh({});
                if (done?.error) return { ok: false as const, error: paymentErrorMessage(done.error) };
              } else if (payment.status === "failed") {
                return { ok: false as const, error: `${payment.message ?? "Your payment failed."} Your plan changed; pay the ${formatMoney(payment.amount, payment.currency)} due below to keep it.` };
              }
              return { ok: true as const, data: undefined };
            })
          }
        />
      ) : null}
      {error ? (
        <p role="alert" data-testid="manage-error" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {updatingCard ? <CardUpdate clientSecret={updatingCard} stripeConfig={stripeConfig} actions={actions} done={() => setUpdatingCard(null)} /> : null}
    </section>
  );
}

/** What the switch does, from Stripe's preview, before the member confirms it. */
function ConfirmChange({ change, planName, currentName, busy, confirm, cancel }: { change: PlanChangeView; planName: string; currentName: string; busy: boolean; confirm: () => void; cancel: () => void }) {
  const money = (n: number) => formatMoney(n, change.currency);
  return (
    <div className="mt-6 rounded-lg border border-brand-600 bg-stone-50 p-4" data-testid="plan-change-preview">
      <h3 className="font-semibold">Switch to {planName}</h3>
      {change.kind === "upgrade" ? (
        <p className="mt-2" data-testid="plan-change-amount">
          You&apos;ll be charged {money(change.amountDueNow)} today for the rest of this period on {planName}.
        </p>
      ) : (
        <p className="mt-2" data-testid="plan-change-amount">
          A credit of {money(change.credit)} goes to your next invoice
          {change.nextInvoiceAmount !== null && change.nextInvoiceAt ? ` (${date(change.nextInvoiceAt)}: ${money(change.nextInvoiceAmount)})` : ""}.
        </p>
      )}
      <p className="mt-1 text-sm text-stone-600">The unused time on {currentName} is credited; the remaining time on {planName} is charged, to the second.</p>
      <div className="mt-4 flex gap-3">
        <button type="button" disabled={busy} onClick={confirm} className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {busy ? "Switching…" : `Confirm switch to ${planName}`}
        </button>
        <button type="button" disabled={busy} onClick={cancel} className="rounded-lg border border-stone-300 px-4 py-2 font-medium">
          Keep {currentName}
        </button>
      </div>
    </div>
  );
}

/** An open invoice of a past-due subscription: authenticate with the card on file, or pay with another card. */
function PayDue({ due, stripeConfig, actions }: { due: PaymentDue; stripeConfig: StripeBrowserConfig; actions: Actions }) {
  const stripePromise = useStripeConfig(stripeConfig);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const amount = formatMoney(due.amount, due.currency);
  return (
    <section aria-labelledby="due-heading" className="rounded-xl border border-red-200 bg-white p-6" data-testid="payment-due">
      <h2 id="due-heading" className="text-lg font-semibold">
        Payment due: {amount}
      </h2>
      <p className="mt-1 text-sm text-stone-700">
        {due.status === "requires_action" ? "Your bank asks you to confirm this payment." : (due.message ?? "The last payment attempt failed.")}
      </p>
      {due.status === "requires_action" && due.clientSecret ? (
        <button
          type="button"
          className="mt-4 rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          onClick={async () => {
            const stripe = await stripePromise;
            const result = await stripe?.handleNextAction({ clientSecret: due.clientSecret! });
            if (result?.error) setError(paymentErrorMessage(result.error));
            await actions.refresh({});
            router.refresh();
          }}
        >
          Confirm payment
        </button>
      ) : null}
      {due.clientSecret ? (
        <div className="mt-4">
          <Elements stripe={stripePromise} options={{ clientSecret: due.clientSecret }}>
            <PayDueForm clientSecret={due.clientSecret} amount={amount} actions={actions} setError={setError} />
          </Elements>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </section>
  );
}

const returnUrl = () => new URL("/account/subscription", window.location.origin).toString();

/** A form that confirms with Stripe.js, one submit at a time: `confirm` answers an error message, or null when done. */
function useConfirmSubmit(setError: (e: string | null) => void, confirm: (stripe: StripeJs, elements: StripeElements) => Promise<string | null>) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements || busy) return;
    setBusy(true);
    setError(null);
    try {
      const failed = await confirm(stripe, elements);
      if (failed) setError(failed);
    } finally {
      setBusy(false);
    }
  };
  return { ready: Boolean(stripe && elements), busy, submit };
}

function PayDueForm({ clientSecret, amount, actions, setError }: { clientSecret: string; amount: string; actions: Actions; setError: (e: string | null) => void }) {
  const router = useRouter();
  const { ready, busy, submit } = useConfirmSubmit(setError, async (stripe, elements) => {
    const result = await stripe.confirmPayment({ elements, clientSecret, confirmParams: { return_url: returnUrl() }, redirect: "if_required" });
    if (result.error) return paymentErrorMessage(result.error);
    await actions.refresh({});
    router.refresh();
    return null;
  });
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <PaymentElement />
      <button type="submit" disabled={!ready || busy} className="rounded-lg bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {busy ? "Paying…" : `Pay ${amount} with this card`}
      </button>
    </form>
  );
}

function CardUpdate({ clientSecret, stripeConfig, actions, done }: { clientSecret: string; stripeConfig: StripeBrowserConfig; actions: Actions; done: () => void }) {
  const stripePromise = useStripeConfig(stripeConfig);
  return (
    <div className="mt-6">
      <Elements stripe={stripePromise} options={{ clientSecret }}>
        <CardUpdateForm clientSecret={clientSecret} actions={actions} done={done} />
      </Elements>
    </div>
  );
}

function CardUpdateForm({ clientSecret, actions, done }: { clientSecret: string; actions: Actions; done: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { ready, busy, submit } = useConfirmSubmit(setError, async (stripe, elements) => {
    const result = await stripe.confirmSetup({ elements, clientSecret, confirmParams: { return_url: returnUrl() }, redirect: "if_required" });
    if (result.error) return paymentErrorMessage(result.error, "The card was not saved.");
    const saved = await actions.finishCardUpdate({ setupIntentId: result.setupIntent.id });
    if (!saved.ok) return saved.error;
    done();
    router.refresh();
    return null;
  });
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <PaymentElement />
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={!ready || busy} className="rounded-lg bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {busy ? "Saving…" : "Save card"}
      </button>
    </form>
  );
}

function Invoices({ invoices }: { invoices: InvoiceLine[] }) {
  if (invoices.length === 0) return null;
  return (
    <section aria-labelledby="invoices-heading">
      <h2 id="invoices-heading" className="text-lg font-semibold">
        Invoices
      </h2>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-stone-500">
          <tr>
            <th className="py-1 font-normal">Date</th>
            <th className="py-1 font-normal">Amount</th>
            <th className="py-1 font-normal">Status</th>
            <th className="py-1 font-normal">
              <span className="sr-only">Invoice</span>
            </th>
          </tr>
        </thead>
        <tbody data-testid="invoices">
          {invoices.map((i) => (
            <tr key={i.id} className="border-t border-stone-100">
              <td className="py-2">{date(i.created)}</td>
              <td className="py-2 tabular-nums">{formatMoney(i.amount, i.currency)}</td>
              <td className="py-2">{i.status}</td>
              <td className="py-2 text-right">
                {i.url ? (
                  <a href={i.url} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">
                    View
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
