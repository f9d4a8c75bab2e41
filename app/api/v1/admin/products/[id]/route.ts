import { editProduct, toAdminProductDto } from "@/lib/admin/products";
import { productAdminUpdateSchema } from "@/lib/catalog";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// PATCH /api/v1/admin/products/{id} {name?, slug?, description?, unit_amount?, currency?, image?, active?} → the product; active: false archives it.
export const PATCH = route({ auth: "admin", body: productAdminUpdateSchema }, async ({ params, body, user }) => json({ data: toAdminProductDto(await editProduct(params.id, body, user)) }));
