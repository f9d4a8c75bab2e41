import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { ACCESS_TOKEN_TTL_SECONDS, rotateRefreshToken } from "@/lib/auth/tokens";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ refresh: plainText({ error: "is required" }).min(1, { error: "is required" }).max(4096) });

// POST /api/v1/auth/token/refresh {refresh} → a new {access, refresh}; the old refresh token is spent.
export const POST = route({ auth: "none", body: bodySchema }, async ({ body }) => {
  const tokens = await rotateRefreshToken(body.refresh);
  return json({ access: tokens.access, refresh: tokens.refresh, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS });
});
