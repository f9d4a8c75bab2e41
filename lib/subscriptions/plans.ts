import type Stripe from "stripe";
import { DomainError } from "@/lib/errors";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";
import { getStripe } from "@/lib/stripe/server";

/**
 * The two monthly plans. What is charged is the Stripe Price found by lookup key (or the
 * STRIPE_*_PRODUCT_PRICE_ID override); the name and features are what the pricing page shows;
 * the amount here is only what `ensurePlans` creates a missing price with.
 */
export const PLAN_DEFINITIONS = [
  {
    key: "basic",
    lookupKey: "basic_subscription",
    name: "Basic",
    defaultAmount: 900,
    features: ["Members' prices on the whole catalog", "Free shipping on orders over $50", "Email support"],
  },
  {
    key: "pro",
    lookupKey: "pro_subscription",
    name: "Pro",
    defaultAmount: 2900,
    features: ["Everything in Basic", "Free shipping on every order", "Early access to new products", "Priority support"],
  },
] as const;

export type PlanKey = (typeof PLAN_DEFINITIONS)[number]["key"];
export const PLAN_KEYS = PLAN_DEFINITIONS.map((p) => p.key) as [PlanKey, ...PlanKey[]];
export const PLAN_LOOKUP_KEYS = PLAN_DEFINITIONS.map((p) => p.lookupKey);

export type Plan = {
  key: PlanKey;
  lookupKey: string;
  name: string;
  features: readonly string[];
  priceId: string;
  /** Minor units of `currency`, per `interval`. */
  amount: number;
  currency: string;
  interval: string;
};

const CACHE_MS = 60_000;
let cache: { at: number; plans: Plan[] } | null = null;

/** The price id an operator pinned for a plan (seed 001's variables), if any. */
function overridePriceId(key: PlanKey): string | undefined {
  return key === "basic" ? env().STRIPE_BASIC_PRODUCT_PRICE_ID : env().STRIPE_PRO_PRODUCT_PRICE_ID;
}

function toPlan(def: (typeof PLAN_DEFINITIONS)[number], price: Stripe.Price): Plan | null {
  const currency = env().STORE_CURRENCY;
  if (price.currency !== currency || price.unit_amount === null || price.recurring === null || !price.active) {
    logFor("subscriptions").warn({ plan: def.key, price: price.id, currency: price.currency }, "plan price unusable (inactive, not recurring or in another currency)");
    return null;
  }
  return {
    key: def.key,
    lookupKey: def.lookupKey,
    name: def.name,
    features: def.features,
    priceId: price.id,
    amount: price.unit_amount,
    currency: price.currency,
    interval: price.recurring.interval,
  };
}

async function loadPrices(): Promise<Map<PlanKey, Stripe.Price>> {
  const stripe = getStripe();
  const found = new Map<PlanKey, Stripe.Price>();
  const byLookup = await stripe.prices.list({ lookup_keys: PLAN_LOOKUP_KEYS, active: true, limit: 10 });
  for (const def of PLAN_DEFINITIONS) {
    const pinned = overridePriceId(def.key);
    const price = pinned ? await stripe.prices.retrieve(pinned) : byLookup.data.find((p) => p.lookup_key === def.lookupKey);
    if (price) found.set(def.key, price);
  }
  return found;
}

/**
 * Create the plans' prices that are missing (`npm run stripe:sync`, and first boot on the
 * emulator). Idempotent: prices are found by lookup key; a pinned override is never created.
 */
export async function ensurePlans(): Promise<{ created: string[]; existing: string[] }> {
  const stripe = getStripe();
  const prices = await loadPrices();
  const created: string[] = [];
  const existing: string[] = [];
  const currency = env().STORE_CURRENCY;
  for (const def of PLAN_DEFINITIONS) {
    if (prices.has(def.key) || overridePriceId(def.key)) {
      existing.push(def.lookupKey);
      continue;
    }
    await stripe.prices.create(
      {
        currency,
        unit_amount: def.defaultAmount,
        recurring: { interval: "month" },
        lookup_key: def.lookupKey,
        product_data: { name: `${env().STORE_NAME} ${def.name}`, metadata: { cashline_plan: def.key } },
        metadata: { cashline_plan: def.key },
      },
      { idempotencyKey: `cashline-plan:${def.lookupKey}:${currency}:${def.defaultAmount}` },
    );
    created.push(def.lookupKey);
  }
  if (created.length) cache = null;
  return { created, existing };
}

/** Both plans as Stripe has them now (cached for a minute); on the emulator, created if missing. */
export async function listPlans(): Promise<Plan[]> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.plans;
  let prices = await loadPrices();
  if (prices.size < PLAN_DEFINITIONS.length && env().stripeEmulated) {
    await ensurePlans();
    prices = await loadPrices();
  }
  const plans = PLAN_DEFINITIONS.flatMap((def) => {
    const price = prices.get(def.key);
    const plan = price ? toPlan(def, price) : null;
    return plan ? [plan] : [];
  });
  cache = { at: Date.now(), plans };
  return plans;
}

/** A plan by its key (`basic`) or seed 001's product name (`basic_subscription`); 400 naming `field` otherwise. */
export async function getPlan(keyOrLookup: string, field = "plan"): Promise<Plan> {
  const plan = (await listPlans()).find((p) => p.key === keyOrLookup || p.lookupKey === keyOrLookup);
  if (!plan) {
    throw new DomainError("unknown_plan", `Unknown plan: ${JSON.stringify(keyOrLookup).slice(0, 60)}`, {
      [field]: [`Must be one of ${PLAN_DEFINITIONS.map((p) => (field === "plan" ? p.key : p.lookupKey)).join(", ")}.`],
    });
  }
  return plan;
}

/** Which plan a Stripe price is, if it is one of ours. */
export async function planOfPrice(price: Pick<Stripe.Price, "id" | "lookup_key">): Promise<PlanKey | null> {
  const byLookup = PLAN_DEFINITIONS.find((d) => d.lookupKey === price.lookup_key);
  if (byLookup) return byLookup.key;
  return (await listPlans()).find((p) => p.priceId === price.id)?.key ?? null;
}

/** Tests and `stripe:sync`: forget the cached plans. */
export function forgetPlans(): void {
  cache = null;
}
