import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { subscribe, subscriptionDto } from "@/lib/subscriptions";
import { stripePublicConfig } from "@/lib/stripe/server";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ plan: z.string().trim().min(1).max(40) }).strict();

// POST /api/v1/subscriptions {plan}: a new subscription and the client_secret that pays its first invoice (409 when one is live).
export const POST = route({ auth: "user", sameOrigin: true, body: bodySchema }, async ({ user, body }) => {
  const { subscription, clientSecret } = await subscribe(user, body.plan);
  return json({ subscription: subscriptionDto(subscription), client_secret: clientSecret, publishable_key: stripePublicConfig().publishableKey }, 201);
});
