import { readLimited } from "@/lib/http/body";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { receiveStripeWebhook } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

// POST /api/v1/stripe/webhook (and seed 001's /api/stripe-webhook/): verify, store, enqueue, 200.
// The body is read raw (the signature covers its exact bytes), so it takes no body schema.
// Audited only when refused: an accepted event is kept whole in webhook_events (lib/webhooks).
export const POST = route({ auth: "none", audit: "refusals" }, async ({ req }) => {
  const raw = await readLimited(req, 1024 * 1024);
  const { duplicate } = await receiveStripeWebhook(raw, req.headers.get("stripe-signature"));
  return json({ received: true, duplicate });
});
