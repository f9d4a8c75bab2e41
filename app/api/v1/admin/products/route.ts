import { addProduct, toAdminProductDto } from "@/lib/admin/products";
import { productsQuerySchema } from "@/lib/admin/queries";
import { listAllProducts, productCreateSchema } from "@/lib/catalog";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/products?status=active|archived|all&q=&cursor=&limit=: every product by name, archived ones too.
export const GET = route({ auth: "admin", query: productsQuerySchema }, async ({ query }) => {
  const page = await listAllProducts(query);
  return json({ data: page.products.map(toAdminProductDto), next_cursor: page.nextCursor });
});

// POST /api/v1/admin/products: the body of POST /api/v1/products → 201 the product.
export const POST = route({ auth: "admin", body: productCreateSchema }, async ({ body, user }) => json({ data: toAdminProductDto(await addProduct(body, user)) }, 201));
