import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { toIvrKeyDto } from "@/lib/ivr/dto";
import { createIvrKey, listIvrKeys } from "@/lib/ivr/keys";
import { plainText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const createSchema = z.object({ name: plainText({ error: "is required" }).trim().min(1, { error: "is required" }).max(100) }).strict();

// POST /api/v1/admin/ivr-keys {name} → the new key, shown this once (admins only).
export const POST = route({ auth: "admin", body: createSchema }, async ({ body, user }) => {
  const { key, record } = await createIvrKey({ name: body.name, createdBy: user.id });
  return json({ data: { ...toIvrKeyDto(record), key } }, 201);
});

// GET /api/v1/admin/ivr-keys: every key (never the key itself), newest first.
export const GET = route({ auth: "admin" }, async () => json({ data: (await listIvrKeys()).map(toIvrKeyDto) }));
