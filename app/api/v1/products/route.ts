import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listProducts, toProductDto } from "@/lib/catalog";

export const dynamic = "force-dynamic";

// GET /api/v1/products (and seed 002's GET /api/product/, rewritten here)
export const GET = route({ auth: "none" }, async () => json({ data: (await listProducts()).map(toProductDto) }));
