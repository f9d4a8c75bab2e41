import { dashboardStats, statsQuerySchema, toStatsDto } from "@/lib/admin/stats";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/stats?range=30d|12m: the dashboard's figures (revenue by day or month, order and customer counts, subscriptions by plan, failed webhooks, dead jobs).
export const GET = route({ auth: "admin", query: statsQuerySchema }, async ({ query }) => json(toStatsDto(await dashboardStats(query.range))));
