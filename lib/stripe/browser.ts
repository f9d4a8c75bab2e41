/**
 * Client-side Stripe.js loading. In emulator mode the emulator's Stripe.js stand-in is injected
 * first, so `loadStripe` finds `window.Stripe` already defined and never contacts js.stripe.com.
 * No server imports here: this module is bundled for the browser.
 */
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

export interface StripeBrowserConfig {
  publishableKey: string;
  stripeJsUrl: string | null;
}

const scriptLoads = new Map<string, Promise<void>>();

function injectScript(src: string): Promise<void> {
  const existing = scriptLoads.get(src);
  if (existing) return existing;
  const load = new Promise<void>((resolve, reject) => {
    if ((window as unknown as { Stripe?: unknown }).Stripe) return resolve();
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.addEventListener("load", () => resolve());
    script.addEventListener("error", () => reject(new Error(`Failed to load Stripe.js from ${src}`)));
    (document.head || document.body).appendChild(script);
  });
  // A failed load may be retried later (e.g. the emulator was still starting).
  load.catch(() => scriptLoads.delete(src));
  scriptLoads.set(src, load);
  return load;
}

const stripePromises = new Map<string, Promise<Stripe | null>>();

/** Load Stripe.js for this config once and return the Stripe instance (null during SSR). */
export function loadStripeFor(config: StripeBrowserConfig): Promise<Stripe | null> {
  if (typeof window === "undefined") return Promise.resolve(null);
  const key = `${config.stripeJsUrl ?? "stripe"} ${config.publishableKey}`;
  let promise = stripePromises.get(key);
  if (!promise) {
    promise = (config.stripeJsUrl ? injectScript(config.stripeJsUrl) : Promise.resolve()).then(() => loadStripe(config.publishableKey));
    promise.catch(() => stripePromises.delete(key));
    stripePromises.set(key, promise);
  }
  return promise;
}
