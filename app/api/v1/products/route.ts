import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { createProduct, productCreateSchema, toProductDto } from "@/lib/catalog";
import { categoryIdForSlug } from "@/lib/catalog/categories";
import { browseCatalog, MAX_PAGE_SIZE, productListQuerySchema } from "@/lib/catalog/search";

export const dynamic = "force-dynamic";

// GET /api/v1/products?q=&sort=&page=&per_page=&category= (and seed 002's GET /api/product/,
// rewritten here): a page of active products (up to 100; `has_more` says whether another page
// follows); an unknown `category` slug is a 400 naming it.
export const GET = route({ auth: "none", query: productListQuerySchema }, async ({ query }) => {
  const categoryId = query.category ? await categoryIdForSlug(query.category) : undefined;
  const page = await browseCatalog({ q: query.q, sort: query.sort, page: query.page, perPage: query.per_page ?? MAX_PAGE_SIZE, categoryId });
  return json({ data: page.products.map(toProductDto), page: page.page, per_page: page.perPage, total: page.total, has_more: page.hasMore });
});

// POST /api/v1/products {name, unit_amount, description?, currency?, image?, slug?} → 201 the product (admins).
export const POST = route({ auth: "admin", body: productCreateSchema }, async ({ body }) => json({ data: toProductDto(await createProduct(body)) }, 201));
