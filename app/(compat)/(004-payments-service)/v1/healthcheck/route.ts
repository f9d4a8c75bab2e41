import { checkHealth } from "@/lib/health";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Legacy payments service (004): GET /v1/healthcheck pings the database and answers a bare boolean.
export const GET = route({ auth: "none" }, async () => {
  const health = await checkHealth();
  return json(health.db === "ok", health.db === "ok" ? 200 : 503);
});
