import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { customers, type Customer } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import { plainText } from "@/lib/validation/text";

export type { Customer };

/**
 * Service customers (table `customers`): records API callers make (seed 004's payments service,
 * `POST /v1/customer`, and `POST /api/v1/customers`), each with its Stripe customer. Shop
 * accounts' Stripe customers are lib/subscriptions/customers.ts's, not these.
 */
export const customerInputSchema = z
  .object({
    email: z.email({ error: "must be a valid email address" }).max(254),
    name: plainText().trim().max(200).optional(),
    phone: plainText()
      .trim()
      .max(32)
      .regex(/^\+?[0-9 ().-]{3,32}$/, { error: "must be a phone number" })
      .optional(),
  })
  .strict();
export type CustomerInput = z.output<typeof customerInputSchema>;

/** An Idempotency-Key header: printable, at most 255 characters (as Stripe takes them). */
const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/);

/**
 * Create a customer and its Stripe customer. The Stripe call carries an idempotency key derived
 * from the caller's `Idempotency-Key` (else from the email), so a retried request gets the same
 * Stripe customer, never a second; the row is written by one insert after Stripe answered, so
 * nothing is half-written. A second record for an email → email_taken (409).
 */
export async function createCustomer(input: CustomerInput, opts: { idempotencyKey?: string | null } = {}): Promise<Customer> {
  const email = input.email.trim().toLowerCase();
  if (opts.idempotencyKey != null && !idempotencyKeySchema.safeParse(opts.idempotencyKey).success) {
    throw new DomainError("invalid_request", "Invalid Idempotency-Key", { "Idempotency-Key": ["must be 1-255 printable characters"] });
  }
  if (await findCustomerByEmail(email)) throw emailTaken();
  const key = `cashline-service-customer:${opts.idempotencyKey ?? createHash("sha256").update(email).digest("hex")}`;
  let stripeCustomerId: string;
  try {
    const created = await getStripe().customers.create(
      { email, ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}), metadata: { cashline_service_customer: "true" } },
      { idempotencyKey: key },
    );
    stripeCustomerId = created.id;
  } catch (err) {
    const failure = classifyStripeError(err);
    // The same Idempotency-Key sent with another body: Stripe refuses to replay it.
    if (failure?.kind === "invalid_request" || (err as { type?: string })?.type === "StripeIdempotencyError") {
      throw new DomainError("invalid_request", "This Idempotency-Key was used for another request", { "Idempotency-Key": ["was used with different parameters"] });
    }
    throw err;
  }
  try {
    const [row] = await db()
      .insert(customers)
      .values({ email, name: input.name ?? null, phone: input.phone ?? null, stripeCustomerId })
      .returning();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

function emailTaken(): DomainError {
  return new DomainError("email_taken", "A customer with this email already exists", { email: ["is already a customer"] });
}

/** A customer by id; null for an unknown or malformed id. */
export async function getCustomer(id: string): Promise<Customer | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db().select().from(customers).where(eq(customers.id, id)).limit(1);
  return row ?? null;
}

export async function findCustomerByEmail(email: string): Promise<Customer | null> {
  const [row] = await db().select().from(customers).where(eq(customers.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** The newest customers first (at most `limit`). */
export function listCustomers(limit = 100): Promise<Customer[]> {
  return db().select().from(customers).orderBy(desc(customers.createdAt), desc(customers.id)).limit(limit);
}

/** The canonical API's shape (snake_case). */
export function toCustomerDto(c: Customer) {
  return { id: c.id, email: c.email, name: c.name, phone: c.phone, stripe_customer_id: c.stripeCustomerId, created_at: c.createdAt.toISOString() };
}

/** Seed 004's grpc-gateway shape (camelCase; absent strings are "" as proto3 JSON gives them). */
export function toSeed004Customer(c: Customer) {
  return { id: c.id, email: c.email, name: c.name ?? "", phone: c.phone ?? "", stripeCustomerId: c.stripeCustomerId, createdAt: c.createdAt.toISOString() };
}
