import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { requireCurrentSubscription, subscriptionDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

// GET /api/v1/subscriptions/current: the caller's subscription (404 when none).
export const GET = route({ auth: "user" }, async ({ user }) => json({ subscription: subscriptionDto(await requireCurrentSubscription(user.id)) }));
