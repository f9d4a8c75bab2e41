import { clientIp } from "@/lib/auth/client-ip";
import { obtainTokenPair } from "@/lib/auth/login";
import { simplejwt } from "@/lib/http/contracts/simplejwt";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { legacyCredentialsSchema } from "../../../../legacy-credentials";

export const dynamic = "force-dynamic";

// Legacy subscriptions service (001): POST /api/token/obtain {username, password} → {"refresh","access"} (simplejwt's shapes)
export const POST = route({ auth: "none", body: legacyCredentialsSchema, forms: true, errors: simplejwt }, async ({ req, body }) => {
  const tokens = await obtainTokenPair({ email: body.username, password: body.password, ip: clientIp(req.headers) });
  return json({ refresh: tokens.refresh, access: tokens.access });
});
