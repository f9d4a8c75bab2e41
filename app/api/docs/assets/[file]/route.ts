import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { docsAsset } from "@/lib/openapi/docs-ui";

export const dynamic = "force-dynamic";

// GET /api/docs/assets/{file}: Swagger UI's own files (swagger-ui-dist), from this origin.
export const GET = route({ auth: "none" }, async ({ params }) => {
  const res = await docsAsset(params.file);
  if (!res) throw new DomainError("not_found", "No such file");
  return res;
});
