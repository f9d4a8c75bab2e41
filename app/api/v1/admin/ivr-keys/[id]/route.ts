import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { revokeIvrKey } from "@/lib/ivr/keys";
import { toIvrKeyDto } from "@/lib/ivr/dto";

export const dynamic = "force-dynamic";

// DELETE /api/v1/admin/ivr-keys/{id}: revoke the key; calls with it get 401 from then on.
export const DELETE = route({ auth: "admin" }, async ({ params }) => {
  if (!z.uuid().safeParse(params.id).success) throw new DomainError("not_found", "No such IVR key");
  return json({ data: toIvrKeyDto(await revokeIvrKey(params.id)) });
});
