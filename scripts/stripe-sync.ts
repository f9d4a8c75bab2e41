// `npm run stripe:sync`: create the subscription plans' Prices (lookup keys basic_subscription,
// pro_subscription) on the Stripe account in STRIPE_SECRET_KEY, or on the running emulator,
// if they are missing. Idempotent: a second run creates nothing.
import { ensurePlans } from "../lib/subscriptions/plans";

async function main() {
  const { created, existing } = await ensurePlans();
  console.log(`Plans: ${created.length ? `created ${created.join(", ")}` : "nothing to create"}${existing.length ? ` (already there: ${existing.join(", ")})` : ""}.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
