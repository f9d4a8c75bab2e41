import { route } from "@/lib/http/route";
import { docsPage } from "@/lib/openapi/docs-ui";

export const dynamic = "force-dynamic";

// GET /api/docs and /api/docs/ (seed 001's address): Swagger UI for /api/v1/openapi.json, served from this origin.
export const GET = route({ auth: "none" }, async () => docsPage());
