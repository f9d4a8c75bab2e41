import { z } from "zod";
import { drfErrorBody, readBody } from "@/lib/api/request";
import { json } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { signInWithPassword } from "@/lib/auth/login";
import { issueTokenPair } from "@/lib/auth/tokens";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const required = plainText({ error: "This field is required." }).max(254).min(1, { error: "This field may not be blank." });
const body = z.object({ username: required, password: required });

// seed 001: POST /api/token/obtain {username, password} → {"refresh","access"} (simplejwt's shapes)
export async function POST(req: Request) {
  const parsed = await readBody(req, body);
  if (!parsed.ok) return json(drfErrorBody(parsed.problem), parsed.problem.status);
  const result = await signInWithPassword({ email: parsed.data.username, password: parsed.data.password, ip: clientIp(req.headers) });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return json({ detail: result.message }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
    }
    return json({ detail: "No active account found with the given credentials" }, 401);
  }
  const tokens = await issueTokenPair(result.user);
  return json({ refresh: tokens.refresh, access: tokens.access });
}
