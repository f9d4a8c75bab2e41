import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { changePaymentDto, changePlan, subscriptionDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ plan: z.string().trim().min(1).max(40), quote: z.string().min(1).max(1000).optional() }).strict();

// POST /api/v1/subscriptions/current/change {plan, quote?}: switch plan on the same subscription,
// at the second `GET .../change-preview` quoted (an upgrade is charged at once: see `payment`).
export const POST = route({ auth: "user", sameOrigin: true, body: bodySchema }, async ({ user, body }) => {
  const { subscription, payment } = await changePlan(user.id, body.plan, body.quote);
  return json({ subscription: subscriptionDto(subscription), payment: changePaymentDto(payment) });
});
