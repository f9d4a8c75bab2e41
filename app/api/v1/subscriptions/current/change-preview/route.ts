import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { planChangePreviewDto, previewPlanChange } from "@/lib/subscriptions";

export const dynamic = "force-dynamic";

const querySchema = z.object({ plan: z.string().trim().min(1).max(40) }).strict();

// GET /api/v1/subscriptions/current/change-preview?plan=pro: what the change would charge or
// credit (Stripe's preview invoice), and the quote to pass to POST .../change to make it so.
export const GET = route({ auth: "user", query: querySchema }, async ({ user, query }) => json({ preview: planChangePreviewDto(await previewPlanChange(user.id, query.plan)) }));
