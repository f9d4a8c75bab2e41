import { clientIp } from "@/lib/auth/client-ip";
import { authenticateWithPassword } from "@/lib/auth/login";
import { signAccessToken } from "@/lib/auth/tokens";
import { seed002TokenAuth } from "@/lib/http/contracts/seed-002";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { legacyCredentialsSchema } from "../../../legacy-credentials";

export const dynamic = "force-dynamic";

// Legacy shop service (002): POST /api/api-token-auth/ {username, password} → {"token"} (an
// access token, sent back as `Authorization: JWT <token>`); failure → 400 {"detail":"authorization failure"}.
export const POST = route({ auth: "none", body: legacyCredentialsSchema, forms: true, errors: seed002TokenAuth }, async ({ req, body }) => {
  const user = await authenticateWithPassword({ email: body.username, password: body.password, ip: clientIp(req.headers) });
  return json({ token: await signAccessToken(user.id) });
});
