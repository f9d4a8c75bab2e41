/**
 * Fixture page for tests/e2e/emulator-elements.spec.ts: the official React bindings on top of the
 * emulator's Stripe.js stand-in, loaded through lib/stripe/browser.ts like the app does. With a
 * PaymentIntent's client secret it renders Express Checkout, Link Authentication, Address
 * (shipping, or billing with `?address=billing`) and Payment Elements and pays with confirmPayment; with a SetupIntent's it saves the
 * card with confirmSetup.
 */
import { AddressElement, Elements, ExpressCheckoutElement, LinkAuthenticationElement, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { loadStripeFor } from "../../../lib/stripe/browser";

interface FixtureConfig {
  publishableKey: string;
  stripeJsUrl: string;
  clientSecret: string;
  returnUrl: string;
  addressMode: "shipping" | "billing";
}

const config = (window as unknown as { __FIXTURE__: FixtureConfig }).__FIXTURE__;
const stripePromise = loadStripeFor({ publishableKey: config.publishableKey, stripeJsUrl: config.stripeJsUrl });
const setup = config.clientSecret.startsWith("seti_");

function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [expressReady, setExpressReady] = useState("");
  const [busy, setBusy] = useState(false);
  const [complete, setComplete] = useState(false);
  const [address, setAddress] = useState("");
  const [email, setEmail] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError("");
    if (setup) {
      const result = await stripe.confirmSetup({ elements, redirect: "if_required", confirmParams: { return_url: config.returnUrl } });
      if (result.error) {
        setError(result.error.message ?? "Saving the card failed.");
        setStatus(result.error.setup_intent?.status ?? "");
      } else {
        setStatus(result.setupIntent.status);
      }
    } else {
      const result = await stripe.confirmPayment({ elements, redirect: "if_required", confirmParams: { return_url: config.returnUrl } });
      if (result.error) {
        setError(result.error.message ?? "Payment failed.");
        setStatus(result.error.payment_intent?.status ?? "");
      } else {
        setStatus(result.paymentIntent.status);
      }
    }
    setBusy(false);
  }

  async function readAddress() {
    const address = elements?.getElement("address");
    if (!address) return;
    const { complete, value } = await address.getValue();
    setAddress(`${complete ? "complete" : "incomplete"}: ${value.name}, ${value.address.line1}, ${value.address.city}, ${value.address.state} ${value.address.postal_code}, ${value.address.country}`);
  }

  return (
    <form onSubmit={submit}>
      {!setup && (
        <>
          <ExpressCheckoutElement onReady={(e) => setExpressReady(e.availablePaymentMethods === undefined ? "no wallets" : "wallets")} onConfirm={() => undefined} />
          <LinkAuthenticationElement onChange={(e) => setEmail(`${e.complete ? "complete" : "incomplete"}: ${e.value.email}`)} />
          <AddressElement options={{ mode: config.addressMode }} onChange={(e) => setAddress(`${e.complete ? "complete" : "incomplete"}: ${e.value.name}, ${e.value.address.line1}`)} />
        </>
      )}
      <PaymentElement onReady={() => setReady(true)} onChange={(e) => setComplete(e.complete)} />
      <button type="submit" disabled={!stripe || !ready || busy}>
        {setup ? "Save card" : "Pay"}
      </button>
      {!setup && (
        <button type="button" onClick={readAddress}>
          Read address
        </button>
      )}
      <p data-testid="complete">{complete ? "Card details complete" : "Card details incomplete"}</p>
      {expressReady && <p data-testid="express">Express checkout: {expressReady}</p>}
      {email && <p data-testid="email">Email {email}</p>}
      {address && <p data-testid="address">Address {address}</p>}
      {status && <p data-testid="status">{setup ? "Setup" : "Payment"} status: {status}</p>}
      {error && <p data-testid="error">{error}</p>}
    </form>
  );
}

createRoot(document.getElementById("root")!).render(
  <Elements stripe={stripePromise} options={{ clientSecret: config.clientSecret }}>
    <CheckoutForm />
  </Elements>,
);
