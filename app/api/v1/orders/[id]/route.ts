import { apiHandler, ApiError, json } from "@/lib/api/responses";
import { authenticateRequest } from "@/lib/auth/request";
import { getOrderForUser, getOrderWithToken, toOrderDto } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/orders/{id}: for the order's owner, or with the guest's ?token= from the confirmation.
export const GET = apiHandler(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const token = new URL(req.url).searchParams.get("token");
  const user = await authenticateRequest(req);
  const order = (user ? await getOrderForUser(id, user.id) : null) ?? (token ? await getOrderWithToken(id, token) : null);
  // 404 whether it does not exist or is someone else's: ids are not confirmed to strangers.
  if (!order) throw new ApiError(404, "not_found", "Order not found");
  return json({ data: toOrderDto(order) });
});
