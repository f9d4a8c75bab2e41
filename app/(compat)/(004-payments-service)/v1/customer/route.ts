import { createCustomer, customerInputSchema, toSeed004Customer } from "@/lib/customers";
import { grpcGateway } from "@/lib/http/contracts/grpc-gateway";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Legacy payments service (004): POST /v1/customer {email, name?, phone?} → the customer (camelCase),
// and its Stripe customer (idempotent by Idempotency-Key or the email); a taken email → 409 code 6.
export const POST = route({ auth: "admin", body: customerInputSchema, errors: grpcGateway }, async ({ req, body }) =>
  json(toSeed004Customer(await createCustomer(body, { idempotencyKey: req.headers.get("idempotency-key") }))),
);
