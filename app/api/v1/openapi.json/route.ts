import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the handlers' zod schemas (lib/openapi).
export const GET = route({ auth: "none" }, async () => json(await openApiDocument()));
