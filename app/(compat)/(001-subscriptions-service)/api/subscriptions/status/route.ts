import { seed001Subscriptions } from "@/lib/http/contracts/seed-001-subscriptions";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { seed001CurrentStatus } from "@/lib/subscriptions/seed-001";

export const dynamic = "force-dynamic";

// Legacy subscriptions service (001): GET /api/subscriptions/status → {status, payment_gateway_status, current_period_*, id_reference, price_reference, purchase_date}
export const GET = route({ auth: "user", errors: seed001Subscriptions }, async ({ user }) => json(await seed001CurrentStatus(user.id)));
