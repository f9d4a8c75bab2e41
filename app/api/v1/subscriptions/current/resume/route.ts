import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { resumeSubscription, subscriptionDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

// POST /api/v1/subscriptions/current/resume: undo a cancellation at period end.
export const POST = route({ auth: "user", sameOrigin: true }, async ({ user }) => json({ subscription: subscriptionDto(await resumeSubscription(user.id)) }));
