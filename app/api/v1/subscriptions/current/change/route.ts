import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { changePlan, subscriptionDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ plan: z.string().trim().min(1).max(40) }).strict();

// POST /api/v1/subscriptions/current/change {plan}: switch plan on the same subscription.
export const POST = route({ auth: "user", sameOrigin: true, body: bodySchema }, async ({ user, body }) =>
  json({ subscription: subscriptionDto(await changePlan(user.id, body.plan)) }),
);
