import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/** The key the app uses against the local emulator (any `sk_test_...` is accepted there). */
export const EMULATOR_SECRET_KEY = "sk_test_emulator";
export const EMULATOR_PUBLISHABLE_KEY = "pk_test_emulator";

let client: Stripe | undefined;

/**
 * The one Stripe client of this process: the official SDK, pinned to the package's API version,
 * pointed at the local emulator in embedded mode and at Stripe with real keys.
 */
export function getStripe(): Stripe {
  if (client) return client;
  const config = env();
  const common = {
    apiVersion: Stripe.API_VERSION,
    timeout: 20_000,
    maxNetworkRetries: 2,
    appInfo: { name: "Cashline" },
  } as const;
  if (config.stripeEmulated) {
    const url = new URL(config.STRIPE_EMULATOR_URL);
    const protocol = url.protocol === "https:" ? "https" : "http";
    client = new Stripe(EMULATOR_SECRET_KEY, {
      ...common,
      host: url.hostname,
      port: url.port ? Number(url.port) : protocol === "https" ? 443 : 80,
      protocol,
    });
  } else {
    client = new Stripe(config.STRIPE_SECRET_KEY!, common);
  }
  return client;
}

export interface StripePublicConfig {
  publishableKey: string;
  /** Where the browser loads Stripe.js from: the emulator's stand-in, or null for js.stripe.com. */
  stripeJsUrl: string | null;
}

/** What the browser needs to load Stripe.js (safe to send to the client). */
export function stripePublicConfig(): StripePublicConfig {
  const config = env();
  if (config.stripeEmulated) {
    return { publishableKey: EMULATOR_PUBLISHABLE_KEY, stripeJsUrl: `${config.STRIPE_EMULATOR_URL.replace(/\/$/, "")}/v3/stripe.js` };
  }
  return { publishableKey: config.STRIPE_PUBLISHABLE_KEY!, stripeJsUrl: null };
}

/**
 * Where an operator looks a payment up: Stripe's dashboard (test or live by the key), or, on the
 * emulator, the charge's receipt page (the emulator has no dashboard; a PaymentIntent gets no link).
 */
export function stripeDashboardLinks(ids: { paymentIntent: string | null; charge: string | null }): { paymentIntent: string | null; charge: string | null } {
  const config = env();
  if (config.stripeEmulated) {
    const base = config.STRIPE_EMULATOR_URL.replace(/\/$/, "");
    return { paymentIntent: null, charge: ids.charge ? `${base}/_emulator/receipts/${encodeURIComponent(ids.charge)}` : null };
  }
  const root = config.STRIPE_SECRET_KEY?.includes("_live_") ? "https://dashboard.stripe.com" : "https://dashboard.stripe.com/test";
  return {
    paymentIntent: ids.paymentIntent ? `${root}/payments/${encodeURIComponent(ids.paymentIntent)}` : null,
    charge: ids.charge ? `${root}/payments/${encodeURIComponent(ids.charge)}` : null,
  };
}

/** The PaymentIntent's latest charge id, or null (Stripe unreachable, no charge yet). */
export async function latestChargeId(paymentIntentId: string): Promise<string | null> {
  try {
    const pi = await getStripe().paymentIntents.retrieve(paymentIntentId);
    return typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
  } catch {
    return null;
  }
}
