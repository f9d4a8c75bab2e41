import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listCategories, toCategoryDto } from "@/lib/catalog/categories";

export const dynamic = "force-dynamic";

// GET /api/v1/categories: every category in shop order (filter products with ?category=<slug>).
export const GET = route({ auth: "none" }, async () => json({ data: (await listCategories()).map(toCategoryDto) }));
