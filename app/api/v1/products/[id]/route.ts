import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { productUpdateSchema, toProductDto, updateProduct } from "@/lib/catalog";

export const dynamic = "force-dynamic";

// PATCH /api/v1/products/{id} {name?, description?, unit_amount?, currency?, image?, active?} → the product (admins); 404 when unknown.
export const PATCH = route({ auth: "admin", body: productUpdateSchema }, async ({ params, body }) => json({ data: toProductDto(await updateProduct(params.id, body)) }));
