import { apiHandler, json } from "@/lib/api/responses";
import { requireUser } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

// GET /api/v1/me → the authenticated user (token or session)
export const GET = apiHandler(async (req: Request) => {
  const user = await requireUser(req);
  return json({ id: user.id, email: user.email, name: user.name, role: user.role });
});
