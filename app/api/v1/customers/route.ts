import { z } from "zod";
import { createCustomer, customerInputSchema, listCustomers, toCustomerDto } from "@/lib/customers";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

// GET /api/v1/customers?limit=: service customers, newest first (admins).
export const GET = route({ auth: "admin", query: listQuery }, async ({ query }) => json({ data: (await listCustomers(query.limit)).map(toCustomerDto) }));

// POST /api/v1/customers {email, name?, phone?} → 201 the customer and its Stripe customer (Idempotency-Key honoured); 409 email_taken.
export const POST = route({ auth: "admin", body: customerInputSchema }, async ({ req, body }) =>
  json({ data: toCustomerDto(await createCustomer(body, { idempotencyKey: req.headers.get("idempotency-key") })) }, 201),
);
