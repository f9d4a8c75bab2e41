import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { createProduct, listProducts, productCreateSchema, toProductDto } from "@/lib/catalog";

export const dynamic = "force-dynamic";

// GET /api/v1/products (and seed 002's GET /api/product/, rewritten here)
export const GET = route({ auth: "none" }, async () => json({ data: (await listProducts()).map(toProductDto) }));

// POST /api/v1/products {name, unit_amount, description?, currency?, image?, slug?} → 201 the product (admins).
export const POST = route({ auth: "admin", body: productCreateSchema }, async ({ body }) => json({ data: toProductDto(await createProduct(body)) }, 201));
