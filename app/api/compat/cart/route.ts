import { z } from "zod";
import { readJson } from "@/lib/api/request";
import { apiHandler, json } from "@/lib/api/responses";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getCartView, productIdSchema, quantitySchema, replaceCart, type CartView } from "@/lib/cart";
import { currentCartId, ensureCartId } from "@/lib/cart/session";

export const dynamic = "force-dynamic";

/**
 * Seed 003's cart API, verbatim: JSON `GET /cart` and `POST /cart` (next.config rewrites JSON
 * requests for /cart here; browsers still get the cart page). The answer is
 * {"items": {"<product id>": {"price": <unit amount, minor units>, "qty": n}}}; any price the
 * client sends is ignored: prices always come from the catalog.
 */
function seedShape(cart: CartView | null) {
  const items: Record<string, { price: number; qty: number }> = {};
  for (const line of cart?.lines ?? []) items[line.productId] = { price: line.unitAmount, qty: line.quantity };
  return { items };
}

export const GET = apiHandler(async () => {
  const cartId = await currentCartId();
  return json(seedShape(cartId ? await getCartView(cartId) : null));
});

const lineSchema = z.object({ qty: quantitySchema, price: z.unknown().optional() }).passthrough();
const bodySchema = z.object({
  items: z.record(productIdSchema, lineSchema),
});

export const POST = apiHandler(async (req: Request) => {
  assertSameOrigin(req);
  const body = await readJson(req, bodySchema);
  const cartId = await ensureCartId();
  await replaceCart(cartId, Object.fromEntries(Object.entries(body.items).map(([id, line]) => [id, line.qty])));
  return json(seedShape(await getCartView(cartId)));
});
