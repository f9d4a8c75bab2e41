import { json } from "@/lib/api/responses";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return json(health, health.db === "ok" ? 200 : 503);
}
