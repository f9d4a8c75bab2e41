import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { productIdSchema, quantitySchema, replaceCart, type CartView } from "@/lib/cart";
import { changeCart, currentCart } from "@/lib/cart/session";

export const dynamic = "force-dynamic";

/**
 * The legacy cart service (003)'s cart API, verbatim: JSON `GET /cart` and `POST /cart` (next.config rewrites JSON
 * requests for /cart here; browsers still get the cart page). The answer is
 * {"items": {"<product id>": {"price": <unit amount, minor units>, "qty": n}}}; any price the
 * client sends is ignored: prices always come from the catalog.
 */
function seedShape(cart: CartView | null) {
  const items: Record<string, { price: number; qty: number }> = {};
  for (const line of cart?.lines ?? []) items[line.productId] = { price: line.unitAmount, qty: line.quantity };
  return { items };
}

export const GET = route({ auth: "none" }, async () => {
  return json(seedShape(await currentCart()));
});

const lineSchema = z.object({ qty: quantitySchema, price: z.unknown().optional() }).passthrough();
const bodySchema = z.object({
  items: z.record(productIdSchema, lineSchema),
});

export const POST = route({ auth: "none", sameOrigin: true, body: bodySchema }, async ({ body }) => {
  const items = Object.fromEntries(Object.entries(body.items).map(([id, line]) => [id, line.qty]));
  return json(seedShape(await changeCart(undefined, (cartId) => replaceCart(cartId, items))));
});
