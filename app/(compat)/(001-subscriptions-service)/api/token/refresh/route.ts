import { z } from "zod";
import { accessTokenFromRefresh } from "@/lib/auth/tokens";
import { simplejwt } from "@/lib/http/contracts/simplejwt";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ refresh: plainText({ error: "This field is required." }).max(4096).min(1, { error: "This field may not be blank." }) });

// Legacy subscriptions service (001): POST /api/token/refresh {refresh} → {"access"}. The refresh
// token stays valid (these clients keep it), but a revoked or expired one is refused.
export const POST = route({ auth: "none", body: bodySchema, forms: true, errors: simplejwt }, async ({ body }) => {
  const { access } = await accessTokenFromRefresh(body.refresh);
  return json({ access });
});
