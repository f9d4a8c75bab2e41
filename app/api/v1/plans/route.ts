import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listPlans, planDto } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

// GET /api/v1/plans: the monthly plans with their Stripe prices.
export const GET = route({ auth: "none" }, async () => json({ data: (await listPlans()).map(planDto) }));
