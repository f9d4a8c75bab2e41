import { accessChangeSchema, changeAccess, toAdminUserDto } from "@/lib/admin/users";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// PATCH /api/v1/admin/users/{id} {role?, active?} → the user; 409 last_admin for the last active admin; 404 when unknown.
export const PATCH = route({ auth: "admin", body: accessChangeSchema }, async ({ params, body, user }) => json({ data: toAdminUserDto(await changeAccess(params.id, body, user)) }));
