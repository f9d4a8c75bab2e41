import { z } from "zod";
import { readBody } from "@/lib/api/request";
import { ApiError, json, RateLimitedError, retryAfterHeaders } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { registerUser } from "@/lib/auth/signup";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const text = plainText().max(100).optional();
const body = z.object({
  first_name: text,
  last_name: text,
  email: plainText({ error: "Email is required." }).max(254),
  password: plainText({ error: "Password is required." }).max(200),
});

function failure(error: string, status = 400, headers: Record<string, string> = {}) {
  return json({ success: false, error }, { status, headers });
}

// seed 002: POST /api/signup/ {first_name, last_name, email, password} → {"success":true};
// failure → 400 {"success":false,"error":"..."}
export async function POST(req: Request) {
  const parsed = await readBody(req, body);
  if (!parsed.ok) return failure(Object.entries(parsed.problem.fields).map(([k, v]) => (k === "body" ? parsed.problem.message : v[0])).join(" "), parsed.problem.status);
  const { first_name, last_name, email, password } = parsed.data;
  const name = [first_name?.trim(), last_name?.trim()].filter(Boolean).join(" ");
  try {
    await registerUser({ email, password, name }, { ip: clientIp(req.headers) });
    return json({ success: true });
  } catch (err) {
    if (err instanceof RateLimitedError) return failure(err.message, 429, retryAfterHeaders(err));
    if (err instanceof ApiError) return failure(err.fields ? Object.values(err.fields).flat().join(" ") : err.message);
    if (err instanceof z.ZodError) return failure(err.issues.map((i) => i.message).join(" "));
    throw err;
  }
}
