"use client";

import { AddressElement, Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatMoney } from "@/lib/money";
import { addressLines } from "@/lib/shipping/countries";
import { loadStripeFor, type StripeBrowserConfig } from "@/lib/stripe/browser";
import type { ActionResult } from "@/lib/http/action";
import { paymentErrorMessage } from "@/lib/stripe/messages";
import { useSingleSubmit } from "./use-single-submit";

/** A payable intent (`clientSecret`), or — when the cart was already paid — where to read the order. */
export type StartedCheckout = { clientSecret: string | null; paymentIntentId: string; status: string; orderUrl: string; amount: number };

export type CheckoutAddress = { name: string; line1: string; line2: string | null; city: string; state: string | null; postal_code: string | null; country: string };
export type CheckoutRate = { id: string; name: string; amount: number; currency: string; free_over: number | null; delivery_estimate: { min_days: number; max_days: number } };
export type CheckoutAmounts = { subtotal: number; shipping: number; tax: number; total: number; taxInclusive: boolean };
/** What the server quotes for an address: the rates offered there, the one priced, and the totals. */
export type CheckoutQuote = { rates: CheckoutRate[]; rateId: string | null; amounts: CheckoutAmounts };

type Selection = { shipping_address?: CheckoutAddress | null; shipping_rate?: string | null };

type Props = {
  stripeConfig: StripeBrowserConfig;
  lines: { productId: string; name: string; quantity: number; lineTotal: number }[];
  subtotal: number;
  currency: string;
  /** Some line is physical: an address and a shipping method are needed. */
  needsShipping: boolean;
  /** Countries the store ships to (ISO codes), offered by the Address Element. */
  countries: string[];
  /** The cart's last choice, to start from. */
  initialAddress: CheckoutAddress | null;
  initialRateId: string | null;
  /** Signed-in shoppers get receipts at their account address; guests type one. */
  accountEmail: string | null;
  /** A member's address book (the default first), offered to pick from; empty for guests. */
  savedAddresses: { id: string; address: CheckoutAddress }[];
  /** A member may keep the address in their address book. */
  canSaveAddress: boolean;
  /** The server action that prices the cart and returns its PaymentIntent (app/(shop)/checkout/actions.ts). */
  startCheckout: (input: { email: string | null; save_address?: boolean } & Selection) => Promise<ActionResult<StartedCheckout>>;
  /** The server action that quotes rates and totals for an address (nothing is kept). */
  quoteCheckout: (input: Selection) => Promise<ActionResult<CheckoutQuote>>;
};

/** Stripe's Address Element value as the checkout sends it. */
function toCheckoutAddress(value: { name: string; address: { line1: string; line2: string | null; city: string; state: string; postal_code: string; country: string } }): CheckoutAddress {
  const a = value.address;
  return { name: value.name, line1: a.line1, line2: a.line2 || null, city: a.city, state: a.state || null, postal_code: a.postal_code || null, country: a.country };
}

/** One line for an address in the saved-address picker. */
const addressSummary = (a: CheckoutAddress) => addressLines(a).join(", ");

function days(r: CheckoutRate): string {
  const { min_days: min, max_days: max } = r.delivery_estimate;
  return min === max ? `${min} business day${min === 1 ? "" : "s"}` : `${min}–${max} business days`;
}

/** The shipping and tax messages of a refusal, by the field they belong to. */
function shippingErrors(fields: Record<string, string[]> | undefined): { address: string | null; rate: string | null } {
  const address = Object.entries(fields ?? {})
    .filter(([k]) => k === "shipping_address" || k.startsWith("shipping_address."))
    .map(([k, v]) => `${k === "shipping_address" ? "Shipping address" : ADDRESS_LABELS[k.slice("shipping_address.".length)] ?? k} ${v.join(", ")}`);
  return { address: address.length ? `${address.join(". ")}.` : null, rate: fields?.shipping_rate ? `Shipping method ${fields.shipping_rate.join(", ")}.` : null };
}

const ADDRESS_LABELS: Record<string, string> = { name: "Full name", line1: "Address line 1", line2: "Address line 2", city: "City", state: "State", postal_code: "Postal code", country: "Country" };

export function CheckoutForm(props: Props) {
  const stripePromise = useMemo(() => loadStripeFor(props.stripeConfig), [props.stripeConfig]);
  return (
    <Elements
      stripe={stripePromise}
      options={{
        mode: "payment",
        amount: props.subtotal,
        currency: props.currency,
        appearance: { theme: "stripe", variables: { colorPrimary: "#2f6f5e" } },
      }}
    >
      <CheckoutBody {...props} />
    </Elements>
  );
}

function CheckoutBody(props: Props) {
  const { lines, subtotal, currency, needsShipping, countries, initialAddress, initialRateId, accountEmail, savedAddresses, canSaveAddress, startCheckout, quoteCheckout } = props;
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [address, setAddress] = useState<CheckoutAddress | null>(null);
  // What the Address Element starts from (the cart's last address, the default saved one, or a
  // picked one); a new pick mounts a fresh element, which is then read once it is ready.
  const [prefill, setPrefill] = useState<CheckoutAddress | null>(initialAddress);
  const [prefillKey, setPrefillKey] = useState(0);
  const [saveAddress, setSaveAddress] = useState(false);
  const [rateId, setRateId] = useState<string | null>(initialRateId);
  const [quote, setQuote] = useState<CheckoutQuote | null>(null);
  const [addressError, setAddressError] = useState<string | null>(null);
  const [rateError, setRateError] = useState<string | null>(null);
  const { busy: submitting, error, setError, run } = useSingleSubmit();
  const emailInput = useRef<HTMLInputElement>(null);
  const errorAlert = useRef<HTMLParagraphElement>(null);
  const quoteSeq = useRef(0);
  // A refused payment moves focus to its message (read out by screen readers), never to <body>.
  useEffect(() => {
    if (error) errorAlert.current?.focus();
  }, [error]);

  /** Ask the server for the rates and totals of an address and method; only the latest answer counts. */
  const requote = async (next: CheckoutAddress | null, nextRate: string | null) => {
    const seq = ++quoteSeq.current;
    if (!next) {
      setQuote(null);
      return;
    }
    const q = await quoteCheckout({ shipping_address: next, shipping_rate: nextRate });
    if (seq !== quoteSeq.current) return;
    if (!q.ok) {
      setQuote(null);
      const errs = shippingErrors(q.fields);
      setAddressError(errs.address ?? (errs.rate ? null : q.error));
      setRateError(errs.rate);
      return;
    }
    setAddressError(null);
    setRateError(null);
    setQuote(q.data);
    setRateId(q.data.rateId);
  };

  const total = quote?.amounts.total ?? subtotal;
  // The Payment Element shows what will be charged (its wallets and limits depend on it).
  useEffect(() => {
    elements?.update({ amount: total });
  }, [elements, total]);

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
      const started = await startCheckout({
        email: accountEmail ? null : email,
        ...(needsShipping ? { shipping_address: address, shipping_rate: rateId, ...(saveAddress ? { save_address: true } : {}) } : {}),
      });
      if (!started.ok) {
        const fieldError = started.fields?.email?.join(", ") ?? null;
        setEmailError(fieldError);
        const errs = shippingErrors(started.fields);
        setAddressError(errs.address);
        setRateError(errs.rate);
        // A field's error shows beside the field (once), with focus on it; others in the alert.
        if (fieldError) emailInput.current?.focus();
        else if (errs.address || errs.rate) setError(errs.address ?? errs.rate);
        else setError(started.error);
        return;
      }
      const { clientSecret, paymentIntentId, orderUrl, amount } = started.data;
      if (!clientSecret) {
        // Nothing left to pay (it went through in another tab, say): show the order as it stands.
        router.push(orderUrl);
        return;
      }
      if (amount !== total) elements.update({ amount });
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

  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <div className="grid gap-10 md:grid-cols-[1fr_1.2fr]">
      <section aria-labelledby="summary-heading" className="self-start rounded-xl border border-stone-200 bg-white p-6">
        <h2 id="summary-heading" className="mb-4 text-lg font-semibold">
          Order summary
        </h2>
        <ul role="list" className="divide-y divide-stone-100 text-sm">
          {lines.map((l) => (
            <li key={l.productId} className="flex justify-between gap-4 py-2">
              <span>
                {l.name} × {l.quantity}
              </span>
              <span className="tabular-nums">{money(l.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-4 space-y-1 border-t border-stone-200 pt-4 text-sm" data-testid="checkout-amounts">
          <div className="flex justify-between">
            <dt>Subtotal</dt>
            <dd className="tabular-nums" data-testid="checkout-subtotal">{money(subtotal)}</dd>
          </div>
          {needsShipping && !quote ? (
            <div className="text-stone-600">
              <dt className="sr-only">Shipping and taxes</dt>
              <dd data-testid="shipping-pending">Shipping and taxes calculated at checkout</dd>
            </div>
          ) : (
            <>
              {needsShipping ? (
                <div className="flex justify-between">
                  <dt>Shipping</dt>
                  <dd className="tabular-nums" data-testid="checkout-shipping">{quote!.amounts.shipping === 0 ? "Free" : money(quote!.amounts.shipping)}</dd>
                </div>
              ) : null}
              {quote ? (
                <div className="flex justify-between">
                  <dt>{quote.amounts.taxInclusive ? "Tax (included)" : "Tax"}</dt>
                  <dd className="tabular-nums" data-testid="checkout-tax">{money(quote.amounts.tax)}</dd>
                </div>
              ) : null}
            </>
          )}
        </dl>
        <p className="mt-4 flex justify-between border-t border-stone-200 pt-4 text-base font-semibold">
          <span>Total</span>
          <span data-testid="checkout-total" className="tabular-nums">
            {money(total)}
          </span>
        </p>
      </section>
      <section aria-labelledby="payment-heading">
        <h1 id="payment-heading" className="mb-6 text-3xl font-semibold tracking-tight">
          Checkout
        </h1>
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
            className="rounded-lg border border-stone-500 px-3 py-2 font-normal"
          />
          {emailError ? (
            <span id="email-error" className="text-sm font-normal text-red-700">
              Email {emailError}
            </span>
          ) : null}
        </label>
      )}
      {needsShipping ? (
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-lg font-semibold">Shipping address</legend>
          {savedAddresses.length > 0 ? (
            <label className="flex flex-col gap-1 text-sm font-medium text-stone-700">
              Saved addresses
              <select
                data-testid="saved-address"
                defaultValue={savedAddresses.find((e) => prefill && addressSummary(e.address) === addressSummary(prefill))?.id ?? ""}
                onChange={(e) => {
                  const picked = savedAddresses.find((entry) => entry.id === e.target.value)?.address ?? null;
                  setPrefill(picked);
                  setPrefillKey((k) => k + 1);
                  setAddress(null);
                  void requote(null, rateId);
                }}
                className="rounded-lg border border-stone-500 bg-white px-3 py-2 font-normal"
              >
                {savedAddresses.map((e) => (
                  <option key={e.id} value={e.id}>
                    {addressSummary(e.address)}
                  </option>
                ))}
                <option value="">A new address</option>
              </select>
            </label>
          ) : null}
          <div className="min-h-72" data-testid="address-element-slot">
            <AddressElement
              key={prefillKey}
              options={{
                mode: "shipping",
                allowedCountries: countries,
                ...(prefill
                  ? {
                      defaultValues: {
                        name: prefill.name,
                        address: { ...prefill, line2: prefill.line2 ?? undefined, state: prefill.state ?? undefined, postal_code: prefill.postal_code ?? undefined },
                      },
                    }
                  : {}),
              }}
              onReady={async () => {
                // A prefilled element sends no change event: read it once, to price the cart.
                if (!prefill || !elements) return;
                const result = await elements.getElement("address")?.getValue();
                if (!result?.complete) return;
                const next = toCheckoutAddress(result.value);
                setAddress(next);
                void requote(next, rateId);
              }}
              onChange={(event) => {
                const next = event.complete ? toCheckoutAddress(event.value) : null;
                setAddress(next);
                void requote(next, rateId);
              }}
            />
          </div>
          {addressError ? (
            <p id="shipping-address-error" role="alert" className="text-sm text-red-700" data-testid="shipping-address-error">
              {addressError}
            </p>
          ) : null}
          {canSaveAddress ? (
            <label className="flex items-center gap-2 text-sm text-stone-700">
              <input type="checkbox" name="save_address" checked={saveAddress} onChange={(e) => setSaveAddress(e.target.checked)} data-testid="save-address" />
              Save this address to my address book
            </label>
          ) : null}
        </fieldset>
      ) : null}
      {needsShipping && quote && quote.rates.length > 0 ? (
        <fieldset className="flex flex-col gap-2" aria-describedby={rateError ? "shipping-rate-error" : undefined}>
          <legend className="mb-2 text-lg font-semibold">Shipping method</legend>
          {quote.rates.map((r) => {
            const free = r.free_over !== null && subtotal >= r.free_over;
            return (
              <label key={r.id} className="flex cursor-pointer items-center gap-3 rounded-lg border border-stone-500 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                <input
                  type="radio"
                  name="shipping_rate"
                  value={r.id}
                  checked={rateId === r.id}
                  onChange={() => {
                    setRateId(r.id);
                    void requote(address, r.id);
                  }}
                />
                <span className="flex-1">
                  <span className="font-medium">{r.name}</span> <span className="text-stone-600">· {days(r)}</span>
                  {r.free_over !== null && !free ? <span className="block text-xs text-stone-600">Free from {money(r.free_over)}</span> : null}
                </span>
                <span className="tabular-nums">{free || r.amount === 0 ? "Free" : money(r.amount)}</span>
              </label>
            );
          })}
          {rateError ? (
            <p id="shipping-rate-error" role="alert" className="text-sm text-red-700">
              {rateError}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {/* The element's space is held while Stripe.js mounts it, so the Pay button does not jump. */}
      <div className="min-h-60" data-testid="payment-element-slot">
        <PaymentElement />
      </div>
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
        {submitting ? "Processing…" : `Pay ${money(total)}`}
      </button>
    </form>
      </section>
    </div>
  );
}
