import { z } from "zod";
import { readBody } from "@/lib/api/request";
import { json } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { signInWithPassword } from "@/lib/auth/login";
import { signAccessToken } from "@/lib/auth/tokens";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const required = plainText({ error: "This field is required." }).max(254).min(1, { error: "This field may not be blank." });
const body = z.object({ username: required, password: required });

const FAILURE = "authorization failure";

// seed 002: POST /api/api-token-auth/ {username, password} → {"token"} (an access token, sent
// back as `Authorization: JWT <token>`); failure → 400 {"detail":"authorization failure"}.
export async function POST(req: Request) {
  const parsed = await readBody(req, body);
  if (!parsed.ok) {
    const fields = Object.fromEntries(Object.entries(parsed.problem.fields).filter(([k]) => k !== "body"));
    return json({ detail: FAILURE, ...fields }, parsed.problem.status);
  }
  const result = await signInWithPassword({ email: parsed.data.username, password: parsed.data.password, ip: clientIp(req.headers) });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return json({ detail: result.message }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
    }
    return json({ detail: FAILURE }, 400);
  }
  return json({ token: await signAccessToken(result.user.id) });
}
