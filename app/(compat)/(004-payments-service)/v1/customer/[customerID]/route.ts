import { getCustomer, toSeed004Customer } from "@/lib/customers";
import { DomainError } from "@/lib/errors";
import { grpcGateway } from "@/lib/http/contracts/grpc-gateway";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Legacy payments service (004): GET /v1/customer/{customerID} → the customer; unknown or malformed → 404 {"code":5,"message":"not found","details":[]}.
export const GET = route({ auth: "admin", errors: grpcGateway }, async ({ params }) => {
  const customer = await getCustomer(params.customerID);
  if (!customer) throw new DomainError("not_found", "No such customer");
  return json(toSeed004Customer(customer));
});
