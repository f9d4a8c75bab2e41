import { toWebhookEventDto } from "@/lib/http/contracts/admin";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { replayStripeEvent } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

// POST /api/v1/admin/webhook-events/{id}/replay: process the stored event again through the job
// queue (202; its handlers are idempotent, so the effect is once). Admins only; audited.
export const POST = route({ auth: "admin" }, async ({ params }) => {
  const { payload: _payload, ...event } = await replayStripeEvent(params.id);
  return json({ data: toWebhookEventDto(event) }, 202);
});
