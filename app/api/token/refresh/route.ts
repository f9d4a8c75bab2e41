import { z } from "zod";
import { drfErrorBody, readBody } from "@/lib/api/request";
import { ApiError, json } from "@/lib/api/responses";
import { accessTokenFromRefresh } from "@/lib/auth/tokens";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const body = z.object({ refresh: plainText({ error: "This field is required." }).max(4096).min(1, { error: "This field may not be blank." }) });

// seed 001: POST /api/token/refresh {refresh} → {"access"}. The refresh token stays valid (these
// clients keep it), but a revoked or expired one is refused.
export async function POST(req: Request) {
  const parsed = await readBody(req, body);
  if (!parsed.ok) return json(drfErrorBody(parsed.problem), parsed.problem.status);
  try {
    const { access } = await accessTokenFromRefresh(parsed.data.refresh);
    return json({ access });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return json({ detail: "Token is invalid or expired", code: "token_not_valid" }, 401);
    throw err;
  }
}
