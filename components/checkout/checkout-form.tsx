"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatMoney } from "@/lib/money";
import { loadStripeFor, type StripeBrowserConfig } from "@/lib/stripe/browser";
import type { ActionResult } from "@/lib/http/action";
import { paymentErrorMessage } from "@/lib/stripe/messages";
import { useSingleSubmit } from "./use-single-submit";

/** A payable intent (`clientSecret`), or — when the cart was already paid — where to read the order. */
export type StartedCheckout = { clientSecret: string | null; paymentIntentId: string; status: string; orderUrl: string };

type Props = {
  stripeConfig: StripeBrowserConfig;
  amount: number;
  currency: string;
  /** Signed-in shoppers get receipts at their account address; guests type one. */
  accountEmail: string | null;
  /** The server action that prices the cart and returns its PaymentIntent (app/(shop)/checkout/actions.ts). */
  startCheckout: (input: { email: string | null }) => Promise<ActionResult<StartedCheckout>>;
};

export function CheckoutForm(props: Props) {
  const stripePromise = useMemo(() => loadStripeFor(props.stripeConfig), [props.stripeConfig]);
  return (
    <Elements
      stripe={stripePromise}
      options={{
        mode: "payment",
        amount: props.amount,
        currency: props.currency,
        appearance: { theme: "stripe", variables: { colorPrimary: "#2f6f5e" } },
      }}
    >
      <PaymentForm {...props} />
    </Elements>
  );
}

function PaymentForm({ amount, currency, accountEmail, startCheckout }: Props) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const { busy: submitting, error, setError, run } = useSingleSubmit();
  const emailInput = useRef<HTMLInputElement>(null);
  const errorAlert = useRef<HTMLParagraphElement>(null);
  // A refused payment moves focus to its message (read out by screen readers), never to <body>.
  useEffect(() => {
    if (error) errorAlert.current?.focus();
  }, [error]);

  const pay = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    await run(async () => {
      setEmailError(null);
      const { error: submitError } = await elements.submit();
      if (submitError) {
        setError(paymentErrorMessage(submitError, "Check your card details."));
        return;
      }
      const started = await startCheckout({ email: accountEmail ? null : email });
      if (!started.ok) {
        const fieldError = started.fields?.email?.join(", ") ?? null;
        setEmailError(fieldError);
        // A field's error shows beside the field (once), with focus on it; others in the alert.
        if (fieldError) emailInput.current?.focus();
        else setError(started.error);
        return;
      }
      const { clientSecret, paymentIntentId, orderUrl } = started.data;
      if (!clientSecret) {
        // Nothing left to pay (it went through in another tab, say): show the order as it stands.
        router.push(orderUrl);
        return;
      }
      const returnUrl = new URL("/checkout/complete", window.location.origin).toString();
      const result = await stripe.confirmPayment({
        elements,
        clientSecret,
        confirmParams: { return_url: returnUrl },
        redirect: "if_required",
      });
      if (result.error) {
        // Declines and failed 3-D Secure, in plain words; the shopper can try another card.
        setError(paymentErrorMessage(result.error));
        return;
      }
      const params = new URLSearchParams({
        payment_intent: paymentIntentId,
        payment_intent_client_secret: clientSecret,
        redirect_status: "succeeded",
      });
      router.push(`/checkout/complete?${params}`);
    });
  };

  return (
    <form onSubmit={pay} className="flex flex-col gap-5" noValidate>
      {accountEmail ? (
        <p className="text-sm text-stone-600">
          Receipt to <strong>{accountEmail}</strong>
        </p>
      ) : (
        <label className="flex flex-col gap-1 text-sm font-medium text-stone-700">
          Email
          <input
            type="email"
            name="email"
            required
            autoComplete="email"
            value={email}
            ref={emailInput}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "email-error" : undefined}
            className="rounded-lg border border-stone-300 px-3 py-2 font-normal"
          />
          {emailError ? (
            <span id="email-error" className="text-sm font-normal text-red-700">
              Email {emailError}
            </span>
          ) : null}
        </label>
      )}
      <PaymentElement />
      {error ? (
        <p ref={errorAlert} tabIndex={-1} role="alert" data-testid="payment-error" className="rounded-lg bg-red-50 p-3 text-sm text-red-800 focus:outline-none">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={!stripe || !elements || submitting}
        className="rounded-lg bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {submitting ? "Processing…" : `Pay ${formatMoney(amount, currency)}`}
      </button>
    </form>
  );
}
