import { getCustomer, toCustomerDto } from "@/lib/customers";
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/customers/{id} (admins): 404 for an unknown or malformed id.
export const GET = route({ auth: "admin" }, async ({ params }) => {
  const customer = await getCustomer(params.id);
  if (!customer) throw new DomainError("not_found", "No such customer");
  return json({ data: toCustomerDto(customer) });
});
