import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/me → the authenticated user (token or session)
export const GET = route({ auth: "user" }, async ({ user }) => json({ id: user.id, email: user.email, name: user.name, role: user.role }));
