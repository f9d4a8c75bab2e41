/**
 * Stripe.js stand-in, served by the emulator at `/v3/stripe.js` and bundled with esbuild.
 *
 * Installs `window.Stripe(pk, options)` so that `loadStripe` (from `@stripe/stripe-js/pure`) finds
 * it, and implements what `@stripe/react-stripe-js` calls:
 * - stripe.ts: the Stripe instance; confirm.ts: confirmation and next actions;
 * - elements.ts, payment-element.ts, card-validation.ts, styles.ts: the Elements, in the host page;
 * - three-d-secure-dialog.ts: the 3-D Secure challenge ("Complete" / "Fail");
 * - api-client.ts: calls to the emulator with the publishable key. Card details go from the
 *   browser straight to the emulator (`POST /v1/payment_methods`), never to the host app.
 */
import type { Json } from "./api-client";
import { EmulatedStripe } from "./stripe";

function StripeFactory(pk: unknown, options?: Json): EmulatedStripe {
  if (typeof pk !== "string" || !/^pk_(test|live)_/.test(pk)) {
    throw new Error(`Invalid API Key provided: ${String(pk)}. Use a publishable key (pk_test_...).`);
  }
  return new EmulatedStripe(pk, options ?? {});
}
// `@stripe/stripe-js` 10 expects the "endive" release train (a number 3 would log a version warning).
(StripeFactory as Json).version = "endive";
(StripeFactory as Json).emulated = true;

(window as Json).Stripe = StripeFactory;
