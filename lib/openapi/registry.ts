import type { z } from "zod";
import type { RouteAuth } from "@/lib/http/route";
import { adminResponses as ar } from "@/lib/http/contracts/admin";
import { ADMIN_MORE_ROUTES } from "./registry-admin-more";
import { responses as r, seedSchemas as s, BenchConstant, Checkout, Cart, Health, Me, ShippingRates, Tokens } from "./schemas";

/**
 * The documented API: one entry per app/**\/route.ts (its URL, tag and, per exported method,
 * what it answers). What a call takes — its auth, body and query schemas, its error contract —
 * is NOT written here: the document reads it from the route() spec the handler validates with
 * (lib/http/route.ts `routeSpecOf`). tests/unit/openapi-coverage.test.ts fails when a route file
 * or method is missing here, or when an entry names one that does not exist.
 *
 * Adding a route: add an entry (file, path, tag, load, methods with their 2xx responses and an
 * example) in the section it belongs to; refusals (400/401/403/404/413/415) follow from the spec.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Who an example is sent as, by the example-replay test (tests/e2e/openapi.spec.ts). */
export type ExampleCaller = "anonymous" | "customer" | "admin" | "ivr";

/**
 * A request the example-replay test sends to a running server, expecting `status` and a body
 * valid against that status's documented schema. Values "$name" are filled in by the test:
 * `$customer_email`, `$customer_password` (the account it signs up), and whatever an earlier
 * example `save`d (a dotted path into its answer). DELETE examples run last.
 */
export type OperationExample = {
  as: ExampleCaller;
  status: number;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  save?: Record<string, string>;
};

export type ResponseDoc = { description: string; schema?: z.ZodType; contentType?: string };

export type OperationDoc = {
  summary: string;
  description?: string;
  responses: Record<number, ResponseDoc>;
  /** Refusals the spec does not imply (409 for a duplicate, 402 for a declined card…): status → when. */
  errors?: Record<number, string>;
  example?: OperationExample;
  /** Only for handlers route() does not make (Auth.js): who may call. */
  auth?: RouteAuth;
  /** The request body when the handler reads it itself (the webhook's raw event). */
  rawBody?: { contentType: string; schema?: z.ZodType; description: string };
  /** Request headers the call reads. */
  headers?: Record<string, string>;
};

export type RouteEntry = {
  /** The route file, from the repository root. */
  file: string;
  /** Its URL as clients call it (OpenAPI template: {param}). */
  path: string;
  tag: string;
  /** The older service whose call this is (000–004), for compatibility routes. */
  seed?: string;
  load: () => Promise<Record<string, unknown>>;
  methods: Partial<Record<HttpMethod, OperationDoc>>;
  /** Other URLs next.config.ts rewrites onto this route (same operations, documented again). */
  aliases?: { path: string; tag: string; seed?: string; methods: HttpMethod[] }[];
};

export const TAGS = {
  meta: "Health & docs",
  catalog: "Catalog",
  auth: "Auth",
  cart: "Cart & checkout",
  orders: "Orders",
  subscriptions: "Subscriptions",
  ivr: "IVR",
  customers: "Customers",
  admin: "Admin",
  webhooks: "Webhooks",
  seed000: "seed 000 · IVR middleware",
  seed001: "seed 001 · subscriptions service",
  seed002: "seed 002 · shop service",
  seed003: "seed 003 · cart service",
  seed004: "seed 004 · payments service",
} as const;

const ok = (schema: z.ZodType, description = "OK"): Record<number, ResponseDoc> => ({ 200: { description, schema } });
const created = (schema: z.ZodType, description = "Created"): Record<number, ResponseDoc> => ({ 201: { description, schema } });
const C = "app/(compat)";

export const ROUTES: RouteEntry[] = [
  // ---- health and the document itself ----------------------------------------------------------
  {
    file: "app/api/v1/health/route.ts",
    path: "/api/v1/health",
    tag: TAGS.meta,
    load: () => import("@/app/api/v1/health/route"),
    methods: {
      GET: { summary: "Database health", responses: { 200: { description: "The database answers", schema: Health }, 503: { description: "The database is down", schema: Health } }, example: { as: "anonymous", status: 200 } },
    },
  },
  {
    file: "app/api/v1/bench/constant/route.ts",
    path: "/api/v1/bench/constant",
    tag: TAGS.meta,
    load: () => import("@/app/api/v1/bench/constant/route"),
    methods: { GET: { summary: "A constant: the reference route of `npm run bench` (no data, no side effect)", responses: ok(BenchConstant), example: { as: "anonymous", status: 200 } } },
  },
  {
    file: "app/api/v1/openapi.json/route.ts",
    path: "/api/v1/openapi.json",
    tag: TAGS.meta,
    load: () => import("@/app/api/v1/openapi.json/route"),
    methods: { GET: { summary: "This OpenAPI 3.1 document", responses: { 200: { description: "The document (generated from the handlers' zod schemas)", contentType: "application/json" } }, example: { as: "anonymous", status: 200 } } },
  },
  {
    file: "app/api/docs/route.ts",
    path: "/api/docs/",
    tag: TAGS.meta,
    load: () => import("@/app/api/docs/route"),
    methods: { GET: { summary: "Swagger UI for this document (also at /api/docs, seed 001's address)", responses: { 200: { description: "HTML page", contentType: "text/html" } }, example: { as: "anonymous", status: 200 } } },
  },
  {
    file: "app/api/docs/assets/[file]/route.ts",
    path: "/api/docs/assets/{file}",
    tag: TAGS.meta,
    load: () => import("@/app/api/docs/assets/[file]/route"),
    methods: {
      GET: {
        summary: "Swagger UI's files, served from this origin (swagger-ui-dist)",
        responses: { 200: { description: "The file", contentType: "application/octet-stream" } },
        errors: { 404: "Not one of the UI's files" },
        example: { as: "anonymous", status: 200, params: { file: "swagger-ui.css" } },
      },
    },
  },

  // ---- catalog ----------------------------------------------------------------------------------
  {
    file: "app/api/v1/products/route.ts",
    path: "/api/v1/products",
    tag: TAGS.catalog,
    load: () => import("@/app/api/v1/products/route"),
    methods: {
      GET: {
        summary: "The catalog, a page at a time: search (`q`: words, or a name with a typo), sort (featured, newest, price_asc, price_desc), `page` and `per_page` (≤ 100, the default), `category` (a slug from GET /api/v1/categories)",
        description: "An unknown `category` slug is a 400 naming `category` (a typo should not look like an empty shelf); a known category without products answers an empty page.",
        responses: ok(r.productPage),
        example: { as: "anonymous", status: 200, save: { catalog_product: "data.0.id" } },
      },
      POST: {
        summary: "Create a product (admins); shown on the catalog at once",
        responses: created(r.product),
        example: { as: "admin", status: 201, body: { name: "Enamel camp mug", description: "Speckled blue, 350 ml.", unit_amount: 1800, currency: "usd" }, save: { new_product: "data.id" } },
      },
    },
    aliases: [{ path: "/api/product/", tag: TAGS.seed002, seed: "002", methods: ["GET"] }],
  },
  {
    file: "app/api/v1/categories/route.ts",
    path: "/api/v1/categories",
    tag: TAGS.catalog,
    load: () => import("@/app/api/v1/categories/route"),
    methods: {
      GET: {
        summary: "The catalog's categories in shop order; pass a `slug` as GET /api/v1/products?category=",
        responses: ok(r.categories),
        example: { as: "anonymous", status: 200 },
      },
    },
  },
  {
    file: "app/api/v1/products/[id]/route.ts",
    path: "/api/v1/products/{id}",
    tag: TAGS.catalog,
    load: () => import("@/app/api/v1/products/[id]/route"),
    methods: {
      PATCH: {
        summary: "Change a product (admins): any of its fields, or `active: false` to retire it",
        responses: ok(r.product),
        example: { as: "admin", status: 200, params: { id: "$new_product" }, body: { unit_amount: 1900 } },
      },
    },
  },

  // ---- API tokens -------------------------------------------------------------------------------
  {
    file: "app/api/v1/auth/token/route.ts",
    path: "/api/v1/auth/token",
    tag: TAGS.auth,
    load: () => import("@/app/api/v1/auth/token/route"),
    methods: {
      POST: {
        summary: "Obtain an access and a refresh token",
        description: "Send the access token as `Authorization: Bearer <access>` (or seed 001's `JWT <access>`).",
        responses: ok(Tokens),
        errors: { 429: "Too many failed sign-ins (Retry-After)" },
        example: { as: "anonymous", status: 200, body: { email: "$customer_email", password: "$customer_password" }, save: { refresh: "refresh" } },
      },
    },
  },
  {
    file: "app/api/v1/auth/token/refresh/route.ts",
    path: "/api/v1/auth/token/refresh",
    tag: TAGS.auth,
    load: () => import("@/app/api/v1/auth/token/refresh/route"),
    methods: { POST: { summary: "Rotate a refresh token (the old one is spent)", responses: ok(Tokens), errors: { 401: "invalid_token: spent, revoked or expired" }, example: { as: "anonymous", status: 200, body: { refresh: "$refresh" } } } },
  },
  {
    file: "app/api/v1/me/route.ts",
    path: "/api/v1/me",
    tag: TAGS.auth,
    load: () => import("@/app/api/v1/me/route"),
    methods: { GET: { summary: "The caller", responses: ok(Me), example: { as: "customer", status: 200 } } },
  },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    path: "/api/auth/{nextauth}",
    tag: TAGS.auth,
    load: () => import("@/app/api/auth/[...nextauth]/route"),
    methods: {
      GET: {
        summary: "Auth.js's endpoints for the web pages (session, csrf, providers, sign-in pages)",
        description: "Auth.js (next-auth) answers these itself; documented for completeness. `nextauth` is e.g. `session`, `csrf`, `providers`.",
        auth: "optional",
        responses: { 200: { description: "Auth.js's JSON (or a page)", contentType: "application/json" }, 302: { description: "A redirect" } },
        errors: { 400: "Auth.js refused the request", 404: "No such Auth.js action" },
        example: { as: "anonymous", status: 200, params: { nextauth: "providers" } },
      },
      POST: {
        summary: "Auth.js's form posts (credentials sign-in, sign-out), with its CSRF token",
        auth: "optional",
        responses: { 200: { description: "Auth.js's JSON", contentType: "application/json" }, 302: { description: "A redirect (to the page, or to the error page)" } },
        errors: { 400: "Auth.js refused the request", 404: "No such Auth.js action", 413: "Body too large", 415: "Not a form", 429: "Too many sign-in attempts" },
        example: { as: "anonymous", status: 302, params: { nextauth: "signout" }, body: {} },
      },
    },
  },

  // ---- cart and checkout ------------------------------------------------------------------------
  {
    file: "app/api/v1/cart/route.ts",
    path: "/api/v1/cart",
    tag: TAGS.cart,
    load: () => import("@/app/api/v1/cart/route"),
    methods: {
      GET: { summary: "The caller's cart (session cookie or token user)", responses: ok(Cart), example: { as: "customer", status: 200 } },
      POST: {
        summary: "Set a line's quantity (0 removes it); prices come from the catalog",
        responses: ok(Cart),
        errors: { 403: "A cross-origin browser request", 409: "out_of_stock: more than the product's stock (field `quantity`)" },
        example: { as: "customer", status: 200, body: { product_id: "$catalog_product", quantity: 2 } },
      },
      DELETE: { summary: "Empty the cart", responses: ok(Cart), errors: { 403: "A cross-origin browser request" }, example: { as: "customer", status: 200 } },
    },
  },
  {
    file: "app/api/v1/checkout/route.ts",
    path: "/api/v1/checkout",
    tag: TAGS.cart,
    load: () => import("@/app/api/v1/checkout/route"),
    methods: {
      POST: {
        summary: "The order and PaymentIntent for the caller's cart (idempotent per cart version)",
        description:
          "A cart with physical goods needs `shipping_address` and a `shipping_rate` offered there (GET /api/v1/shipping-rates), given now or in an earlier call; a new address or rate makes a new order and intent and cancels the old. The PaymentIntent's amount is `amounts.total` and it carries `shipping`. `client_secret` is null once nothing is left to pay; `order_status` says why.",
        responses: ok(Checkout),
        errors: { 403: "A cross-origin browser request", 409: "The order can no longer be paid, or out_of_stock: the stock a line needs was reserved by another checkout first (field `items.<product_id>`)" },
        example: {
          as: "customer",
          status: 200,
          body: {
            email: "buyer@example.com",
            shipping_address: { name: "Jenny Rosen", line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" },
            shipping_rate: "express",
          },
        },
      },
    },
  },
  {
    file: "app/api/v1/shipping-rates/route.ts",
    path: "/api/v1/shipping-rates",
    tag: TAGS.cart,
    load: () => import("@/app/api/v1/shipping-rates/route"),
    methods: {
      GET: {
        summary: "The shipping methods offered for a destination `country` (ISO 3166-1 alpha-2), in the store currency",
        responses: ok(ShippingRates),
        example: { as: "anonymous", status: 200, query: { country: "US" } },
      },
    },
  },

  // ---- orders -----------------------------------------------------------------------------------
  {
    file: "app/api/v1/orders/route.ts",
    path: "/api/v1/orders",
    tag: TAGS.orders,
    load: () => import("@/app/api/v1/orders/route"),
    methods: {
      GET: { summary: "The caller's orders, newest first", responses: ok(r.orders), example: { as: "customer", status: 200 } },
      POST: {
        summary: "Order and pay at once with a PaymentMethod",
        headers: { "Idempotency-Key": "makes a retry safe: the same key places and charges once" },
        responses: created(r.order),
        errors: { 402: "The card was declined", 403: "A cross-origin browser request", 409: "A retry with another body, or out_of_stock: more than a product's stock (field `items.<product_id>`)", 429: "Too many declines (Retry-After)" },
        example: { as: "customer", status: 201, body: { items: [{ product_id: "$catalog_product", quantity: 1 }], payment_method: "pm_card_visa" }, save: { order: "data.id" } },
      },
    },
  },
  {
    file: "app/api/v1/orders/[id]/route.ts",
    path: "/api/v1/orders/{id}",
    tag: TAGS.orders,
    load: () => import("@/app/api/v1/orders/[id]/route"),
    methods: {
      GET: { summary: "An order: its owner's, or a guest's with `?token=` from the confirmation", responses: ok(r.order), example: { as: "customer", status: 200, params: { id: "$order" } } },
    },
  },

  // ---- subscriptions ----------------------------------------------------------------------------
  {
    file: "app/api/v1/plans/route.ts",
    path: "/api/v1/plans",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/plans/route"),
    methods: { GET: { summary: "The monthly plans and their Stripe prices", responses: ok(r.plans), example: { as: "anonymous", status: 200 } } },
  },
  {
    file: "app/api/v1/subscriptions/route.ts",
    path: "/api/v1/subscriptions",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/route"),
    methods: {
      POST: {
        summary: "Subscribe to a plan; pay its first invoice with the Payment Element and `client_secret`",
        responses: created(r.subscription.extend({ client_secret: s.seed003PaymentIntent.shape.clientSecret.nullable(), publishable_key: s.seed003PaymentIntent.shape.publishableKey })),
        errors: { 403: "A cross-origin browser request", 409: "already_subscribed: a subscription is live" },
        example: { as: "customer", status: 201, body: { plan: "basic" } },
      },
    },
  },
  {
    file: "app/api/v1/subscriptions/current/route.ts",
    path: "/api/v1/subscriptions/current",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/current/route"),
    methods: { GET: { summary: "The caller's subscription", responses: ok(r.subscription), errors: { 404: "Never subscribed" }, example: { as: "customer", status: 200 } } },
  },
  {
    file: "app/api/v1/subscriptions/current/change/route.ts",
    path: "/api/v1/subscriptions/current/change",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/current/change/route"),
    methods: {
      POST: {
        summary: "Switch plan on the same subscription (prorated: an upgrade is charged at once, a downgrade credited on the next invoice)",
        responses: ok(r.planChange),
        errors: { 403: "A cross-origin browser request", 404: "No subscription", 409: "Not changeable in its state" },
        example: { as: "customer", status: 409, body: { plan: "pro" } },
      },
    },
  },
  {
    file: "app/api/v1/subscriptions/current/change-preview/route.ts",
    path: "/api/v1/subscriptions/current/change-preview",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/current/change-preview/route"),
    methods: {
      GET: {
        summary: "What a plan switch would charge now or credit to the next invoice, with the quote that makes POST .../change charge exactly that",
        responses: ok(r.planChangePreview),
        errors: { 404: "No subscription", 409: "Not changeable in its state" },
        example: { as: "customer", status: 409, query: { plan: "pro" } },
      },
    },
  },
  {
    file: "app/api/v1/subscriptions/current/cancel/route.ts",
    path: "/api/v1/subscriptions/current/cancel",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/current/cancel/route"),
    methods: {
      POST: {
        summary: "Cancel at the end of the current period (a subscription whose first invoice is unpaid ends at once)",
        responses: ok(r.subscription),
        errors: { 403: "A cross-origin browser request", 404: "No subscription", 409: "Not changeable in its state" },
        example: { as: "customer", status: 200 },
      },
    },
  },
  {
    file: "app/api/v1/subscriptions/current/resume/route.ts",
    path: "/api/v1/subscriptions/current/resume",
    tag: TAGS.subscriptions,
    load: () => import("@/app/api/v1/subscriptions/current/resume/route"),
    methods: { POST: { summary: "Undo a cancellation at period end", responses: ok(r.subscription), errors: { 403: "A cross-origin browser request", 404: "No subscription", 409: "Not changeable in its state" }, example: { as: "customer", status: 409 } } },
  },

  // ---- IVR --------------------------------------------------------------------------------------
  {
    file: "app/api/v1/admin/ivr-keys/route.ts",
    path: "/api/v1/admin/ivr-keys",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/ivr-keys/route"),
    methods: {
      POST: { summary: "Create an IVR key (shown this once)", responses: created(r.ivrKeyCreated), example: { as: "admin", status: 201, body: { name: "Phone system" }, save: { ivr_key: "data.key", ivr_key_id: "data.id" } } },
      GET: { summary: "Every IVR key (never the key itself), newest first", responses: ok(r.ivrKeys), example: { as: "admin", status: 200 } },
    },
  },
  {
    file: "app/api/v1/admin/ivr-keys/[id]/route.ts",
    path: "/api/v1/admin/ivr-keys/{id}",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/ivr-keys/[id]/route"),
    methods: { DELETE: { summary: "Revoke an IVR key", responses: ok(r.ivrKey), errors: { 404: "No such key" }, example: { as: "admin", status: 200, params: { id: "$ivr_key_id" } } } },
  },
  {
    file: "app/api/v1/ivr/transactions/route.ts",
    path: "/api/v1/ivr/transactions",
    tag: TAGS.ivr,
    load: () => import("@/app/api/v1/ivr/transactions/route"),
    methods: {
      POST: {
        summary: "A pending transaction for a phone system to pay (IVR key or admin)",
        description: "With `order_id` the amount is the order's open balance.",
        responses: created(r.ivrTransaction),
        errors: { 404: "No such order", 409: "duplicate_trans_id, or the order is closed" },
        example: { as: "ivr", status: 201, body: { amount: 1500, description: "Invoice 42", trans_id: "123345123" } },
      },
      GET: { summary: "Transactions, newest first", responses: ok(r.ivrTransactions), example: { as: "ivr", status: 200, query: { limit: "20" } } },
    },
  },
  {
    file: "app/api/v1/ivr/transactions/[transId]/route.ts",
    path: "/api/v1/ivr/transactions/{transId}",
    tag: TAGS.ivr,
    load: () => import("@/app/api/v1/ivr/transactions/[transId]/route"),
    methods: {
      GET: { summary: "A transaction: status, attempts, the card's brand and last four once paid", responses: ok(r.ivrTransaction), errors: { 404: "No such transaction" }, example: { as: "ivr", status: 200, params: { transId: "123345123" } } },
      DELETE: { summary: "Cancel a transaction that is not paid", responses: ok(r.ivrTransaction), errors: { 400: "Already paid, failed or expired", 404: "No such transaction" }, example: { as: "ivr", status: 400, params: { transId: "123345123" } } },
    },
  },
  {
    file: "app/api/v1/ivr/twilio/route.ts",
    path: "/api/v1/ivr/twilio",
    tag: TAGS.ivr,
    load: () => import("@/app/api/v1/ivr/twilio/route"),
    methods: {
      POST: {
        summary: "Twilio <Pay>'s Generic Pay Connector (charge | tokenize); HTTP Basic with an IVR key as the password",
        responses: ok(s.twilioAnswer, "A charge or token id, or error_code/error_message"),
        errors: { 402: "The card was declined", 404: "No such transaction", 409: "The transaction cannot be paid", 429: "Too many card attempts (Retry-After)" },
        example: { as: "ivr", status: 200, body: { method: "charge", transaction_id: "twilio-docs-1", cardnumber: "4242424242424242", cvv: "123", expiry_month: "12", expiry_year: "30", amount: "15.00", currency_code: "usd" } },
      },
    },
  },
  {
    file: `${C}/(000-ivr-middleware)/api/payment/route.ts`,
    path: "/api/payment/",
    tag: TAGS.seed000,
    seed: "000",
    load: () => import("@/app/(compat)/(000-ivr-middleware)/api/payment/route"),
    methods: {
      POST: {
        summary: "Pay the pending IVR transaction `trans_id` by card (seed 000, verbatim)",
        description: 'A card Stripe refuses → 400 {"error": "<decline code>"}; a card that needs 3-D Secure → 400 {"error": "authentication_required"}.',
        responses: ok(s.seed000Success),
        errors: { 429: "Too many card attempts (Retry-After)" },
        example: { as: "ivr", status: 200, body: { cc_num: "4242424242424242", cvv: "123", exp_date: "1230", trans_id: "123345123" } },
      },
    },
  },

  // ---- admin ------------------------------------------------------------------------------------
  {
    file: "app/api/v1/admin/audit/route.ts",
    path: "/api/v1/admin/audit",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/audit/route"),
    methods: { GET: { summary: "Audit log entries, masked, newest first; pass next_cursor back as cursor", responses: ok(r.audit), example: { as: "admin", status: 200, query: { status: "4xx", limit: "5" } } } },
  },
  {
    file: "app/api/v1/admin/orders/route.ts",
    path: "/api/v1/admin/orders",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/orders/route"),
    methods: { GET: { summary: "Orders newest first (or sort=date|total, dir=asc|desc), filtered by status, email (part of it) and UTC days; pass next_cursor back as cursor (with the same sort)", responses: ok(ar.orders), example: { as: "admin", status: 200, query: { status: "paid", sort: "total", dir: "desc", limit: "5" } } } },
  },
  {
    file: "app/api/v1/admin/orders/[id]/route.ts",
    path: "/api/v1/admin/orders/{id}",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/orders/[id]/route"),
    methods: { GET: { summary: "An order with its items, refunds and refundable amount", responses: ok(ar.order), example: { as: "admin", status: 404, params: { id: "00000000-0000-4000-8000-000000000000" } } } },
  },
  {
    file: "app/api/v1/admin/orders/[id]/refunds/route.ts",
    path: "/api/v1/admin/orders/{id}/refunds",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/orders/[id]/refunds/route"),
    methods: {
      POST: {
        summary: "Refund an order in part (amount) or in full (amount left out)",
        description: "Checked before Stripe is asked: a whole number of minor units above 0, at most the refundable balance (total less every refund not failed or canceled), a paid or partially refunded order. The refund row is written first; the Stripe refund's idempotency key derives from it.",
        headers: { "Idempotency-Key": "optional; the same key answers the same refund (200), never a second one" },
        responses: { ...created(ar.refund), ...ok(ar.refund, "This key's refund, made earlier") },
        errors: { 400: "invalid_request naming amount (with the remaining amount), or order_not_refundable", 409: "idempotency_key_reused (other parameters), refund_refused (Stripe refused)", 503: "stripe_unavailable: retry with the same Idempotency-Key" },
        example: { as: "admin", status: 404, params: { id: "00000000-0000-4000-8000-000000000000" }, body: { amount: 100 } },
      },
    },
  },
  {
    file: "app/api/v1/admin/orders/export/route.ts",
    path: "/api/v1/admin/orders/export",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/orders/export/route"),
    methods: { GET: { summary: "The orders of a filter as CSV, streamed", responses: { 200: { description: "CSV (number, created_at, email, customer, status, currency, amount_total, amount_refunded, source, payment_intent, id)", contentType: "text/csv" } }, example: { as: "admin", status: 200, query: { status: "paid" } } } },
  },
  {
    file: "app/api/v1/admin/webhook-events/route.ts",
    path: "/api/v1/admin/webhook-events",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/webhook-events/route"),
    methods: { GET: { summary: "Stored Stripe events newest first, by status and type, without payloads; pass next_cursor back as cursor", responses: ok(ar.webhookEvents), example: { as: "admin", status: 200, query: { limit: "5" } } } },
  },
  {
    file: "app/api/v1/admin/webhook-events/[id]/replay/route.ts",
    path: "/api/v1/admin/webhook-events/{id}/replay",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/webhook-events/[id]/replay/route"),
    methods: { POST: { summary: "Process a stored event again through the job queue (its effect stays once)", responses: { 202: { description: "Queued", schema: ar.webhookEvent } }, example: { as: "admin", status: 404, params: { id: "evt_unknown" } } } },
  },
  {
    file: "app/api/v1/admin/emails/route.ts",
    path: "/api/v1/admin/emails",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/emails/route"),
    methods: { GET: { summary: "The email outbox, newest first, a page at a time (`to`: one recipient's)", responses: ok(r.emails), example: { as: "admin", status: 200 } } },
  },
  {
    file: "app/api/v1/admin/payment-reviews/route.ts",
    path: "/api/v1/admin/payment-reviews",
    tag: TAGS.admin,
    load: () => import("@/app/api/v1/admin/payment-reviews/route"),
    methods: { GET: { summary: "Payments flagged for an operator, oldest first", responses: ok(r.paymentReviews), example: { as: "admin", status: 200 } } },
  },

  // ---- customers (service records; seed 004's calls below) --------------------------------------
  {
    file: "app/api/v1/customers/route.ts",
    path: "/api/v1/customers",
    tag: TAGS.customers,
    load: () => import("@/app/api/v1/customers/route"),
    methods: {
      POST: {
        summary: "Create a customer and its Stripe customer (admins)",
        description: "The Stripe customer is created with an idempotency key from `Idempotency-Key`, else from the email: a retry never makes two.",
        headers: { "Idempotency-Key": "optional; a retry with the same key reuses the same Stripe customer" },
        responses: created(r.customer),
        errors: { 409: "email_taken: a customer has this email" },
        example: { as: "admin", status: 201, body: { email: "ada@example.com", name: "Ada Lovelace", phone: "+44 20 7946 0000" }, save: { customer: "data.id" } },
      },
      GET: { summary: "Customers, newest first (admins)", responses: ok(r.customers), example: { as: "admin", status: 200 } },
    },
  },
  {
    file: "app/api/v1/customers/[id]/route.ts",
    path: "/api/v1/customers/{id}",
    tag: TAGS.customers,
    load: () => import("@/app/api/v1/customers/[id]/route"),
    methods: { GET: { summary: "A customer (admins)", responses: ok(r.customer), errors: { 404: "No such customer" }, example: { as: "admin", status: 200, params: { id: "$customer" } } } },
  },

  // ---- webhooks ---------------------------------------------------------------------------------
  {
    file: "app/api/v1/stripe/webhook/route.ts",
    path: "/api/v1/stripe/webhook",
    tag: TAGS.webhooks,
    load: () => import("@/app/api/v1/stripe/webhook/route"),
    methods: {
      POST: {
        summary: "Stripe's webhook endpoint: verify the signature, store the event once, enqueue, 200",
        description: "Called by Stripe (or the emulator), not by API clients: the body is the raw event and `Stripe-Signature` must sign it with the endpoint's secret.",
        headers: { "Stripe-Signature": "Stripe's signature of the raw body (t=…,v1=…)" },
        rawBody: { contentType: "application/json", description: "A Stripe event, exactly as Stripe sent it" },
        responses: ok(r.webhookReceived),
        errors: { 400: "missing_signature, invalid_signature or invalid_event", 413: "Body over 1 MiB", 503: "webhooks_not_configured: no signing secret" },
        example: { as: "anonymous", status: 400, body: { id: "evt_docs", object: "event", type: "payment_intent.succeeded" } },
      },
    },
    aliases: [{ path: "/api/stripe-webhook/", tag: TAGS.seed001, seed: "001", methods: ["POST"] }],
  },

  // ---- seed 001: subscriptions service ----------------------------------------------------------
  {
    file: `${C}/(001-subscriptions-service)/api/token/obtain/route.ts`,
    path: "/api/token/obtain",
    tag: TAGS.seed001,
    seed: "001",
    load: () => import("@/app/(compat)/(001-subscriptions-service)/api/token/obtain/route"),
    methods: {
      POST: {
        summary: "simplejwt's token pair; send the access token as `Authorization: JWT <access>`",
        responses: ok(s.seed001Tokens),
        errors: { 429: "Too many failed sign-ins (Retry-After)" },
        example: { as: "anonymous", status: 200, body: { username: "$customer_email", password: "$customer_password" }, save: { legacy_refresh: "refresh" } },
      },
    },
  },
  {
    file: `${C}/(001-subscriptions-service)/api/token/refresh/route.ts`,
    path: "/api/token/refresh",
    tag: TAGS.seed001,
    seed: "001",
    load: () => import("@/app/(compat)/(001-subscriptions-service)/api/token/refresh/route"),
    methods: { POST: { summary: "A new access token (the refresh token stays valid)", responses: ok(s.seed001Access), errors: { 401: 'A bad refresh token: {"detail", "code": "token_not_valid"}' }, example: { as: "anonymous", status: 200, body: { refresh: "$legacy_refresh" } } } },
  },
  {
    file: `${C}/(001-subscriptions-service)/api/subscriptions/subscribe/route.ts`,
    path: "/api/subscriptions/subscribe",
    tag: TAGS.seed001,
    seed: "001",
    load: () => import("@/app/(compat)/(001-subscriptions-service)/api/subscriptions/subscribe/route"),
    methods: {
      POST: {
        summary: "Subscribe with a card (seed 001, verbatim); `subscription_product` is a plan's lookup key",
        description: 'A refused card → 400 {"message", "code"}; bad fields → 400 {"message": "<field>: …", "code"}; already subscribed → 409.',
        responses: ok(s.seed001Status, "The status document (with `authentication_url` when the card needs 3-D Secure)"),
        errors: { 409: "Already subscribed", 429: "Too many declines (Retry-After)" },
        example: {
          as: "customer",
          status: 200,
          body: { subscription_product: "basic_subscription", card_number: "4242424242424242", card_expiration_month: "12", card_expiration_year: "2030", card_cvc: "999" },
        },
      },
    },
  },
  {
    file: `${C}/(001-subscriptions-service)/api/subscriptions/status/route.ts`,
    path: "/api/subscriptions/status",
    tag: TAGS.seed001,
    seed: "001",
    load: () => import("@/app/(compat)/(001-subscriptions-service)/api/subscriptions/status/route"),
    methods: { GET: { summary: "The caller's subscription status (seed 001, verbatim)", responses: ok(s.seed001Status), errors: { 404: 'No subscription: {"detail": "Not found."}' }, example: { as: "customer", status: 200 } } },
  },

  // ---- seed 002: shop service -------------------------------------------------------------------
  {
    file: `${C}/(002-shop-service)/api/api-token-auth/route.ts`,
    path: "/api/api-token-auth/",
    tag: TAGS.seed002,
    seed: "002",
    load: () => import("@/app/(compat)/(002-shop-service)/api/api-token-auth/route"),
    methods: {
      POST: {
        summary: 'A token (send it as `Authorization: JWT <token>`); any failure → 400 {"detail": "authorization failure"}',
        responses: ok(s.seed002Token),
        errors: { 429: "Too many failed sign-ins (Retry-After)" },
        example: { as: "anonymous", status: 200, body: { username: "$customer_email", password: "$customer_password" } },
      },
    },
  },
  {
    file: `${C}/(002-shop-service)/api/signup/route.ts`,
    path: "/api/signup/",
    tag: TAGS.seed002,
    seed: "002",
    load: () => import("@/app/(compat)/(002-shop-service)/api/signup/route"),
    methods: {
      POST: {
        summary: 'Create an account: {"success": true}, or 400 {"success": false, "error": "…"}',
        responses: ok(s.seed002Signup),
        errors: { 429: "Too many signups from this address (Retry-After)" },
        example: { as: "anonymous", status: 200, body: { first_name: "Grace", last_name: "Hopper", email: "grace.docs@example.com", password: "correct-horse-battery" } },
      },
    },
  },
  {
    file: `${C}/(002-shop-service)/api/order/route.ts`,
    path: "/api/order/",
    tag: TAGS.seed002,
    seed: "002",
    load: () => import("@/app/(compat)/(002-shop-service)/api/order/route"),
    methods: {
      GET: { summary: "The token user's orders", responses: ok(s.seed002Orders), example: { as: "customer", status: 200 } },
      POST: {
        summary: "Place an order and pay it (`items` or `product_id`; `payment_method`, `token` or `stripeToken`)",
        headers: { "Idempotency-Key": "makes a retry safe" },
        responses: created(s.seed002Order),
        errors: { 402: "The card was declined", 403: "A cross-origin browser request", 409: "A retry with another body", 429: "Too many declines (Retry-After)" },
        example: { as: "customer", status: 201, body: { product_id: "$catalog_product", quantity: 1, payment_method: "pm_card_visa" } },
      },
    },
  },

  // ---- seed 003: cart service -------------------------------------------------------------------
  {
    file: `${C}/(003-cart-service)/api/compat/cart/route.ts`,
    path: "/cart",
    tag: TAGS.seed003,
    seed: "003",
    load: () => import("@/app/(compat)/(003-cart-service)/api/compat/cart/route"),
    methods: {
      GET: { summary: "The session's cart (JSON requests to /cart; browsers get the page)", headers: { Accept: "application/json" }, responses: ok(s.seed003Cart), example: { as: "anonymous", status: 200, headers: { accept: "application/json" } } },
      POST: {
        summary: "Replace the session's cart; client prices are ignored",
        responses: ok(s.seed003Cart),
        errors: { 403: "A cross-origin browser request" },
        example: { as: "anonymous", status: 200, headers: { accept: "application/json" }, body: { items: { $catalog_product: { qty: 2 } } } },
      },
    },
  },
  {
    file: `${C}/(003-cart-service)/create-payment-intent/route.ts`,
    path: "/create-payment-intent",
    tag: TAGS.seed003,
    seed: "003",
    load: () => import("@/app/(compat)/(003-cart-service)/create-payment-intent/route"),
    methods: {
      POST: {
        summary: "A PaymentIntent for the session's cart (any body is ignored: the server prices)",
        responses: ok(s.seed003PaymentIntent),
        errors: { 400: "cart_empty: nothing in the session's cart", 403: "A cross-origin browser request", 409: "Nothing left to pay" },
        example: { as: "anonymous", status: 400 },
      },
    },
  },

  // ---- seed 004: payments service ---------------------------------------------------------------
  {
    file: `${C}/(004-payments-service)/v1/healthcheck/route.ts`,
    path: "/v1/healthcheck",
    tag: TAGS.seed004,
    seed: "004",
    load: () => import("@/app/(compat)/(004-payments-service)/v1/healthcheck/route"),
    methods: { GET: { summary: "Pings the database: true, or 503 false", responses: { 200: { description: "The database answers", schema: s.seed004Health }, 503: { description: "The database is down", schema: s.seed004Health } }, example: { as: "anonymous", status: 200 } } },
  },
  {
    file: `${C}/(004-payments-service)/v1/customer/route.ts`,
    path: "/v1/customer",
    tag: TAGS.seed004,
    seed: "004",
    load: () => import("@/app/(compat)/(004-payments-service)/v1/customer/route"),
    methods: {
      POST: {
        summary: "Create a customer and its Stripe customer (admin token); a taken email → 409 code 6",
        headers: { "Idempotency-Key": "optional; a retry with the same key reuses the same Stripe customer" },
        responses: ok(s.seed004Customer),
        errors: { 409: "A customer has this email (code 6)" },
        example: { as: "admin", status: 200, body: { email: "jane@example.com", name: "Jane Doe", phone: "+1 555 0100" }, save: { seed004_customer: "id" } },
      },
    },
  },
  {
    file: `${C}/(004-payments-service)/v1/customer/[customerID]/route.ts`,
    path: "/v1/customer/{customerID}",
    tag: TAGS.seed004,
    seed: "004",
    load: () => import("@/app/(compat)/(004-payments-service)/v1/customer/[customerID]/route"),
    methods: { GET: { summary: 'A customer; unknown or malformed → 404 {"code": 5, "message": "not found"}', responses: ok(s.seed004Customer), errors: { 404: "No such customer (code 5)" }, example: { as: "admin", status: 200, params: { customerID: "$seed004_customer" } } } },
  },
  {
    file: `${C}/(004-payments-service)/v1/product/route.ts`,
    path: "/v1/product",
    tag: TAGS.seed004,
    seed: "004",
    load: () => import("@/app/(compat)/(004-payments-service)/v1/product/route"),
    methods: {
      POST: {
        summary: "Create a product (admin token), shown on the catalog; `price` or `unitAmount` in minor units",
        responses: ok(s.seed004Product),
        example: { as: "admin", status: 200, body: { name: "Sticker pack", description: "Five vinyl stickers.", price: 450, currency: "usd" } },
      },
    },
  },
  // ---- admin: users, products, stats (lib/openapi/registry-admin-more.ts) -----------------------
  ...ADMIN_MORE_ROUTES,
];
