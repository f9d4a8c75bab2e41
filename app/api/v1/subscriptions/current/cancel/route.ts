import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { cancelSubscription, subscriptionDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

// POST /api/v1/subscriptions/current/cancel: at the end of the current period.
export const POST = route({ auth: "user", sameOrigin: true }, async ({ user }) => json({ subscription: subscriptionDto(await cancelSubscription(user.id)) }));
