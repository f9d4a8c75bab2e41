import { adminOrdersQuerySchema, toAdminOrderFilter, toAdminOrderSummaryDto } from "@/lib/http/contracts/admin";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listOrdersForAdmin } from "@/lib/orders";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/orders?status=&email=&from=&to=&cursor=&limit=: orders newest first, a page
// at a time (pass next_cursor back as cursor). email matches part of the address; from/to are
// days (UTC, inclusive). Admins only.
export const GET = route({ auth: "admin", query: adminOrdersQuerySchema }, async ({ query }) => {
  const page = await listOrdersForAdmin(toAdminOrderFilter(query));
  return json({ data: page.orders.map(toAdminOrderSummaryDto), next_cursor: page.nextCursor });
});
