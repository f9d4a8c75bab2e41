import { apiHandler, json } from "@/lib/api/responses";
import { listProducts, toProductDto } from "@/lib/catalog";

export const dynamic = "force-dynamic";

// GET /api/v1/products (and seed 002's GET /api/product/, rewritten here)
export const GET = apiHandler(async () => {
  const products = await listProducts();
  return json({ data: products.map(toProductDto) });
});
