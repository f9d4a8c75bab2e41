import { clientIp } from "@/lib/auth/client-ip";
import { seed001Subscriptions } from "@/lib/http/contracts/seed-001-subscriptions";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { seed001Subscribe, seed001SubscribeSchema } from "@/lib/subscriptions/seed-001";

export const dynamic = "force-dynamic";

// Legacy subscriptions service (001): POST /api/subscriptions/subscribe {subscription_product, card_*} → the status document
export const POST = route({ auth: "user", body: seed001SubscribeSchema, forms: true, errors: seed001Subscriptions }, async ({ req, user, body }) =>
  json(await seed001Subscribe(user, body, clientIp(req.headers))),
);
