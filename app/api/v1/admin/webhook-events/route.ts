import { adminWebhookEventsQuerySchema, toWebhookEventDto, toWebhookEventFilter } from "@/lib/http/contracts/admin";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listWebhookEvents } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/webhook-events?status=&type=&cursor=&limit=: stored Stripe events, newest
// first, a page at a time (without payloads). Admins only.
export const GET = route({ auth: "admin", query: adminWebhookEventsQuerySchema }, async ({ query }) => {
  const page = await listWebhookEvents(toWebhookEventFilter(query));
  return json({ data: page.events.map(toWebhookEventDto), next_cursor: page.nextCursor });
});
