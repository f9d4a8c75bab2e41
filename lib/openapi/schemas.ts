import { z } from "zod";
import { IVR_TRANSACTION_STATUSES, ORDER_STATUSES, USER_ROLES } from "@/db/schema";

/**
 * Response schemas of the documented API: the shapes the handlers' DTO functions give (lib/*\/dto,
 * toXDto). Request schemas are not here: they are the handlers' own (route()'s body and query),
 * read from the route specs.
 */

const iso = z.string().describe("ISO 8601 date-time");
const nullableIso = iso.nullable();
const minor = z.number().int().describe("integer minor units of `currency`");
const currency = z.string().describe("lower-case ISO 4217 code");
const dataOf = <T extends z.ZodType>(s: T) => z.object({ data: s });

// ---- errors: one per contract (lib/http/contracts) ------------------------------------------------

export const errorSchemas = {
  /** lib/http/contracts/canonical.ts */
  ApiError: z
    .object({
      error: z.object({
        code: z.string().describe("machine-readable: invalid_request, unauthorized, not_found, email_taken, …"),
        message: z.string(),
        fields: z.record(z.string(), z.array(z.string())).optional().describe("each invalid field (dotted path) and its problems"),
      }),
    })
    .describe("The canonical API's one error shape (every /api/v1 route)."),
  DrfError: z
    .record(z.string(), z.union([z.string(), z.array(z.string())]))
    .describe('Django REST framework: {"detail": "…"} or {"<field>": ["This field is required."]} (seeds 000, 001, 002).'),
  Seed001Error: z
    .union([z.object({ message: z.string(), code: z.string() }), z.object({ detail: z.string() }).catchall(z.unknown())])
    .describe('Seed 001\'s subscription routes: {"message", "code"}; {"detail": "Not found."}; DRF\'s {"detail"}.'),
  Seed002Signup: z.object({ success: z.literal(false), error: z.string() }).describe("Seed 002's signup refusal."),
  TwilioPayError: z
    .object({ charge_id: z.null().optional(), token_id: z.null().optional(), error_code: z.string(), error_message: z.string() })
    .describe("Twilio Generic Pay Connector's answer shape."),
  GrpcStatus: z
    .object({ code: z.number().int().describe("gRPC code: 3 invalid argument, 5 not found, 6 already exists, 7 permission denied, 16 unauthenticated"), message: z.string(), details: z.array(z.unknown()) })
    .describe("Seed 004's grpc-gateway error (google.rpc.Status as JSON)."),
} as const;
export type ErrorSchemaName = keyof typeof errorSchemas;

/** Which error component each route contract answers with. */
export const ERROR_SCHEMA_BY_CONTRACT: Record<string, ErrorSchemaName> = {
  canonical: "ApiError",
  drf: "DrfError",
  simplejwt: "DrfError",
  "seed-000": "DrfError",
  "seed-001-subscriptions": "Seed001Error",
  "seed-002-token-auth": "DrfError",
  "seed-002-signup": "Seed002Signup",
  "twilio-pay": "TwilioPayError",
  "grpc-gateway": "GrpcStatus",
};

// ---- canonical shapes ------------------------------------------------------------------------

export const Product = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  unit_amount: minor,
  currency,
  image: z.string(),
  requires_shipping: z.boolean().describe("false for digital goods: no shipping address or charge at checkout"),
});
export const Cart = z.object({
  id: z.string().nullable(),
  version: z.string().nullable().describe("changes whenever the contents change"),
  currency,
  items: z.array(
    z.object({
      product_id: z.string(),
      slug: z.string(),
      name: z.string(),
      image: z.string().describe("the product's main image: a path on this site (/products/...) or an https URL"),
      unit_amount: minor,
      quantity: z.number().int(),
      amount: minor,
    }),
  ),
  item_count: z.number().int(),
  subtotal: minor,
});
export const Order = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  currency,
  amount_total: minor,
  amount_refunded: minor,
  payment_intent: z.string().nullable(),
  email: z.string().nullable(),
  last_payment_error: z.string().nullable(),
  created_at: iso,
  paid_at: nullableIso,
  items: z.array(z.object({ product_id: z.string().nullable(), name: z.string(), unit_amount: minor, quantity: z.number().int(), amount: minor })),
});
const Address = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  state: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string().describe("ISO 3166-1 alpha-2"),
});
export const ShippingRates = z.object({
  country: z.string(),
  data: z.array(
    z.object({
      id: z.string().describe("pass as `shipping_rate` to POST /api/v1/checkout"),
      name: z.string(),
      amount: minor,
      currency,
      free_over: minor.nullable().describe("the rate is free when the subtotal is at least this"),
      delivery_estimate: z.object({ min_days: z.number().int(), max_days: z.number().int() }),
    }),
  ),
});
export const Checkout = z.object({
  order_id: z.uuid(),
  order_number: z.number().int(),
  order_reference: z.string().describe("the reference shoppers see (CL- and seven characters), not a running count"),
  order_token: z.string(),
  payment_intent: z.string().nullable(),
  client_secret: z.string().nullable(),
  status: z.string().nullable(),
  order_status: z.string(),
  amount: minor,
  currency,
  amounts: z
    .object({ subtotal: minor, shipping: minor, tax: minor, total: minor, tax_inclusive: z.boolean() })
    .describe("total = subtotal + shipping + tax (tax_inclusive: tax is the part of subtotal + shipping that is tax, total = subtotal + shipping)"),
  shipping_address: Address.nullable(),
  shipping_rate: z.object({ id: z.string(), name: z.string() }).nullable(),
  publishable_key: z.string(),
});
export const Tokens = z.object({ access: z.string(), refresh: z.string(), token_type: z.literal("Bearer"), expires_in: z.number().int() });
export const Me = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable(), role: z.enum(USER_ROLES) });
export const Health = z.object({ status: z.enum(["ok", "degraded"]), db: z.enum(["ok", "down"]) });
/** GET /api/v1/bench/constant: the bench's reference route. */
export const BenchConstant = z.object({ ok: z.literal(true) });
export const Plan = z.object({ plan: z.string(), lookup_key: z.string(), name: z.string(), features: z.array(z.string()), price_id: z.string(), amount: minor, currency, interval: z.string() });
export const Subscription = z.object({
  id: z.string().nullable(),
  plan: z.string(),
  status: z.string(),
  cancel_at_period_end: z.boolean(),
  current_period_start: nullableIso,
  current_period_end: nullableIso,
  price_id: z.string().nullable(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  created_at: iso,
  canceled_at: nullableIso,
});
export const SubscriptionCreated = z.object({ subscription: Subscription, client_secret: z.string().nullable(), publishable_key: z.string() });
export const PlanChangePreview = z.object({
  from: z.string(),
  plan: z.string(),
  kind: z.enum(["upgrade", "downgrade"]),
  currency,
  amount_due_now: minor.describe("charged at once (an upgrade)"),
  credit: minor.describe("credited to the next invoice (a downgrade)"),
  next_invoice_amount: minor.nullable(),
  next_invoice_at: nullableIso,
  proration_date: iso,
  quote: z.string().describe("pass to POST /api/v1/subscriptions/current/change to be charged this figure"),
});
export const PlanChangePayment = z.union([
  z.object({ status: z.enum(["paid", "none"]) }),
  z.object({ status: z.enum(["requires_action", "failed"]), invoice: z.string(), amount: minor, currency, client_secret: z.string().nullable(), message: z.string().nullable() }),
]);
export const IvrTransaction = z.object({
  trans_id: z.string(),
  status: z.enum(IVR_TRANSACTION_STATUSES),
  amount: minor,
  currency,
  description: z.string().nullable(),
  order_id: z.string().nullable(),
  attempts: z.number().int(),
  failed_attempts: z.number().int(),
  attempts_left: z.number().int(),
  last_error: z.string().nullable(),
  payment_intent: z.string().nullable(),
  card: z.object({ brand: z.string().nullable(), last4: z.string(), exp_month: z.number().int().nullable(), exp_year: z.number().int().nullable() }).nullable(),
  expires_at: iso,
  succeeded_at: nullableIso,
  created_at: iso,
});
export const IvrKey = z.object({ id: z.uuid(), name: z.string(), prefix: z.string(), created_at: iso, last_used_at: nullableIso, revoked_at: nullableIso });
export const AuditEntry = z.object({
  id: z.number().int(),
  at: iso,
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  duration_ms: z.number(),
  client_ip: z.string().nullable(),
  user_id: z.string().nullable(),
  key_id: z.string().nullable(),
  request_id: z.string().nullable(),
  request_body: z.unknown(),
  response_body: z.unknown(),
});
export const Email = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.string(),
  order_id: z.string().nullable(),
  created_at: iso,
  sent_at: nullableIso,
});
export const PaymentReview = z.object({
  id: z.string(),
  reason: z.string(),
  detail: z.unknown(),
  order_id: z.string().nullable(),
  payment_intent: z.string().nullable(),
  amount: minor.nullable(),
  currency: currency.nullable(),
  created_at: iso,
});
export const Customer = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable(), phone: z.string().nullable(), stripe_customer_id: z.string(), created_at: iso });

export const Category = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), description: z.string() });

export const responses = {
  categories: dataOf(z.array(Category)),
  product: dataOf(Product),
  products: dataOf(z.array(Product)),
  productPage: z.object({
    data: z.array(Product),
    page: z.number().int().min(1),
    per_page: z.number().int().min(1),
    total: z.number().int().min(0).describe("active products matching the query"),
    has_more: z.boolean().describe("another page follows"),
  }),
  order: dataOf(Order),
  orders: dataOf(z.array(Order)),
  plans: dataOf(z.array(Plan)),
  subscription: z.object({ subscription: Subscription }),
  planChange: z.object({ subscription: Subscription, payment: PlanChangePayment }),
  planChangePreview: z.object({ preview: PlanChangePreview }),
  ivrTransaction: dataOf(IvrTransaction),
  ivrTransactions: dataOf(z.array(IvrTransaction)),
  ivrKey: dataOf(IvrKey),
  ivrKeyCreated: dataOf(IvrKey.extend({ key: z.string().describe("shown this once") })),
  ivrKeys: dataOf(z.array(IvrKey)),
  audit: z.object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() }),
  emails: z.object({ data: z.array(Email), next_cursor: z.uuid().nullable() }),
  paymentReviews: dataOf(z.array(PaymentReview)),
  customer: dataOf(Customer),
  customers: dataOf(z.array(Customer)),
  webhookReceived: z.object({ received: z.literal(true), duplicate: z.boolean() }),
};

// ---- the older services' shapes ----------------------------------------------------------------

export const seedSchemas = {
  seed000Success: z.object({ transaction: z.literal("success"), object: z.literal("payment_method"), type: z.literal("card") }),
  seed001Tokens: z.object({ refresh: z.string(), access: z.string() }),
  seed001Access: z.object({ access: z.string() }),
  seed001Status: z.object({
    status: z.enum(["successful", "failed", "canceled"]),
    payment_gateway_status: z.string(),
    current_period_start: z.string().nullable(),
    current_period_end: z.string().nullable(),
    id_reference: z.string().nullable(),
    price_reference: z.string(),
    purchase_date: z.string().nullable(),
    authentication_url: z.string().optional(),
  }),
  seed002Token: z.object({ token: z.string() }),
  seed002Signup: z.object({ success: z.literal(true) }),
  seed002Orders: z.array(Order),
  seed002Order: Order,
  seed003Cart: z.object({ items: z.record(z.string(), z.object({ price: minor, qty: z.number().int() })) }),
  seed003PaymentIntent: z.object({ clientSecret: z.string(), publishableKey: z.string() }),
  seed004Health: z.boolean(),
  seed004Customer: z.object({ id: z.uuid(), email: z.string(), name: z.string(), phone: z.string(), stripeCustomerId: z.string(), createdAt: iso }),
  seed004Product: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), description: z.string(), price: minor, unitAmount: minor, currency, image: z.string(), createdAt: iso }),
  twilioAnswer: z.object({ charge_id: z.string().nullable().optional(), token_id: z.string().nullable().optional(), error_code: z.string().nullable(), error_message: z.string().nullable() }),
};
