/**
 * Fixture page for tests/e2e/emulator-elements.spec.ts: the official React bindings on top of the
 * emulator's Stripe.js stand-in, loaded through lib/stripe/browser.ts like the app does.
 */
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { loadStripeFor } from "../../../lib/stripe/browser";

interface FixtureConfig {
  publishableKey: string;
  stripeJsUrl: string;
  clientSecret: string;
  returnUrl: string;
}

const config = (window as unknown as { __FIXTURE__: FixtureConfig }).__FIXTURE__;
const stripePromise = loadStripeFor({ publishableKey: config.publishableKey, stripeJsUrl: config.stripeJsUrl });

function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [complete, setComplete] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError("");
    const result = await stripe.confirmPayment({ elements, redirect: "if_required", confirmParams: { return_url: config.returnUrl } });
    if (result.error) {
      setError(result.error.message ?? "Payment failed.");
      setStatus(result.error.payment_intent?.status ?? "");
    } else {
      setStatus(result.paymentIntent.status);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={pay}>
      <PaymentElement onReady={() => setReady(true)} onChange={(e) => setComplete(e.complete)} />
      <button type="submit" disabled={!stripe || !ready || busy}>
        Pay
      </button>
      <p data-testid="complete">{complete ? "Card details complete" : "Card details incomplete"}</p>
      {status && <p data-testid="status">Payment status: {status}</p>}
      {error && <p data-testid="error">{error}</p>}
    </form>
  );
}

createRoot(document.getElementById("root")!).render(
  <Elements stripe={stripePromise} options={{ clientSecret: config.clientSecret }}>
    <CheckoutForm />
  </Elements>,
);
