import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { registerUser } from "@/lib/auth/signup";
import { seed002Signup } from "@/lib/http/contracts/seed-002";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const text = plainText().max(100).optional();
const bodySchema = z.object({
  first_name: text,
  last_name: text,
  email: plainText({ error: "Email is required." }).max(254),
  password: plainText({ error: "Password is required." }).max(200),
});

// Legacy shop service (002): POST /api/signup/ {first_name, last_name, email, password} →
// {"success":true}; failure → 400 {"success":false,"error":"..."}
export const POST = route({ auth: "none", body: bodySchema, forms: true, errors: seed002Signup }, async ({ req, body }) => {
  const name = [body.first_name?.trim(), body.last_name?.trim()].filter(Boolean).join(" ");
  await registerUser({ email: body.email, password: body.password, name }, { ip: clientIp(req.headers) });
  return json({ success: true });
});
