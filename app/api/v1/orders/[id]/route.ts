import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { getOrderForUser, getOrderWithToken, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

const querySchema = z.object({ token: z.string().optional() });

// GET /api/v1/orders/{id}: for the order's owner, or with the guest's ?token= from the confirmation.
export const GET = route({ auth: "optional", query: querySchema }, async ({ user, query, params }) => {
  const order = (user ? await getOrderForUser(params.id, user.id) : null) ?? (query.token ? await getOrderWithToken(params.id, query.token) : null);
  // 404 whether it does not exist or is someone else's: ids are not confirmed to strangers.
  if (!order) throw new DomainError("not_found", "Order not found");
  return json({ data: toOrderDto(order) });
});
