import { json } from "@/lib/api/responses";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

// seed 004: GET /v1/healthcheck pings the database and answers a bare boolean.
export async function GET() {
  const health = await checkHealth();
  return json(health.db === "ok", health.db === "ok" ? 200 : 503);
}
