import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/v1/health: the database and Stripe, 503 when the database is down.
export const GET = route({ auth: "none" }, async () => {
  const health = await checkHealth();
  return json(health, health.db === "ok" ? 200 : 503);
});
