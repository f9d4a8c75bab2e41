import { apiHandler, json } from "@/lib/api/responses";
import { readLimited } from "@/lib/api/request";
import { receiveStripeWebhook } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

// POST /api/v1/stripe/webhook (and seed 001's /api/stripe-webhook/): verify, store, enqueue, 200.
export const POST = apiHandler(async (req: Request) => {
  const raw = await readLimited(req, 1024 * 1024);
  const { duplicate } = await receiveStripeWebhook(raw, req.headers.get("stripe-signature"));
  return json({ received: true, duplicate });
});
