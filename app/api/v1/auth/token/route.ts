import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { clientIp } from "@/lib/auth/client-ip";
import { obtainTokenPair } from "@/lib/auth/login";
import { ACCESS_TOKEN_TTL_SECONDS } from "@/lib/auth/tokens";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const credentials = z
  .object({
    email: plainText().trim().min(1).max(254).optional(),
    username: plainText().trim().min(1).max(254).optional(),
    password: plainText({ error: "is required" }).min(1, { error: "is required" }).max(200),
  })
  .refine((b) => b.email ?? b.username, { path: ["email"], error: "is required (or username)" });

// POST /api/v1/auth/token {email|username, password} → {access, refresh, token_type, expires_in}
export const POST = route({ auth: "none", body: credentials }, async ({ req, body }) => {
  const tokens = await obtainTokenPair({ email: (body.email ?? body.username)!, password: body.password, ip: clientIp(req.headers) });
  return json({ access: tokens.access, refresh: tokens.refresh, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS });
});
