import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

/** A shelf of the catalog (/c/[slug]); listed by `position`. Owned by lib/catalog/categories.ts. */
export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (t) => [index("categories_position_idx").on(t.position, t.name)],
);

/** A sellable catalog item. Prices are integer minor units in `currency` (lower-case ISO code). */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    unitAmount: integer("unit_amount").notNull(),
    currency: text("currency").notNull(),
    image: text("image").notNull(),
    /**
     * Further views of the product, shown after `image` in the product page's gallery (paths or
     * https URLs, in order). `image` stays the first view: the catalog card, the cart line, Open
     * Graph and JSON-LD all use it, and an edit to it never leaves the gallery out of step.
     */
    gallery: text("gallery").array().notNull().default(sql`'{}'::text[]`),
    /** Units on hand; null when stock is not tracked (always available). */
    stock: integer("stock"),
    active: boolean("active").notNull().default(true),
    /** Its category, if any (a deleted category leaves its products uncategorised). */
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    /** Ids of the mirrored Stripe Product/Price, set once synced. */
    stripeProductId: text("stripe_product_id"),
    /** Physical goods need a shipping address and a shipping rate at checkout; digital goods do not. */
    requiresShipping: boolean("requires_shipping").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    check("products_unit_amount_nonnegative", sql`${t.unitAmount} >= 0`),
    check("products_stock_nonnegative", sql`${t.stock} >= 0`),
    check("products_currency_iso", sql`${t.currency} ~ '^[a-z]{3}$'`),
    index("products_active_name_idx").on(t.active, t.name),
    // Catalog search (lib/catalog/search.ts): words in name and description, and typos in names
    // (pg_trgm, created by the migration; PGlite loads it in db/client.ts).
    index("products_search_idx").using("gin", sql`to_tsvector('simple', ${t.name} || ' ' || ${t.description})`),
    index("products_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
    index("products_active_created_idx").on(t.active, t.createdAt),
    index("products_active_price_idx").on(t.active, t.unitAmount),
    index("products_category_active_name_idx").on(t.categoryId, t.active, t.name),
  ],
);

// ---------------------------------------------------------------------------------------------
// Shipping and tax (owned by lib/shipping)
// ---------------------------------------------------------------------------------------------

/**
 * A shipping method priced for one destination: one row per (rate id, country), country "*"
 * being the fallback for countries the store ships to without rows of their own. `free_over`:
 * the rate costs nothing when the cart's subtotal is at least this (minor units).
 */
export const shippingRates = pgTable(
  "shipping_rates",
  {
    id: text("id").notNull(),
    country: text("country").notNull(),
    name: text("name").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    minDays: integer("min_days").notNull(),
    maxDays: integer("max_days").notNull(),
    freeOver: integer("free_over"),
    active: boolean("active").notNull().default(true),
    sort: integer("sort").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.id, t.country] }),
    check("shipping_rates_amount_nonnegative", sql`${t.amount} >= 0 and (${t.freeOver} is null or ${t.freeOver} >= 0)`),
    check("shipping_rates_days_valid", sql`${t.minDays} >= 0 and ${t.maxDays} >= ${t.minDays}`),
    check("shipping_rates_country_code", sql`${t.country} ~ '^([A-Z]{2}|[*])$'`),
    check("shipping_rates_currency_iso", sql`${t.currency} ~ '^[a-z]{3}$'`),
    index("shipping_rates_country_idx").on(t.country, t.active, t.sort),
  ],
);

/**
 * Sales tax / VAT by destination: a country's rate (region "") or a region's (a US state, a
 * Canadian province), which wins over its country's. `rate_bps` in basis points (2000 = 20 %).
 * Whether prices include it is the store's setting (env TAX_INCLUSIVE), not the row's.
 */
export const taxRates = pgTable(
  "tax_rates",
  {
    country: text("country").notNull(),
    region: text("region").notNull().default(""),
    rateBps: integer("rate_bps").notNull(),
    name: text("name").notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.country, t.region] }),
    check("tax_rates_rate_range", sql`${t.rateBps} between 0 and 10000`),
    check("tax_rates_country_code", sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** A shipping address as the checkout stores it (Stripe's `shipping.address` fields plus the name). */
export type ShippingAddress = {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string | null;
  country: string;
};

// ---------------------------------------------------------------------------------------------
// Accounts (Auth.js tables follow @auth/drizzle-adapter's column names)
// ---------------------------------------------------------------------------------------------

export const USER_ROLES = ["customer", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name"),
    /** Stored lower-cased; unique case-insensitively. */
    email: text("email").notNull(),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    image: text("image"),
    passwordHash: text("password_hash"),
    role: text("role").$type<UserRole>().notNull().default("customer"),
    stripeCustomerId: text("stripe_customer_id"),
    /**
     * Put in the session JWT at sign-in and compared whenever a session is read; bumped at
     * sign-out, password change and role change, which ends every session issued before.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    /** Set when an admin deactivates the account: no sign-in, no API token, orders kept (lib/admin/users.ts). */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    // The admin users list (keyset, newest first) and the dashboard's new-customer count.
    index("users_created_idx").on(t.createdAt, t.id),
    index("users_role_idx").on(t.role, t.id),
    check("users_role_known", sql`${t.role} in ('customer', 'admin')`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** API refresh tokens: rotated on use; reuse of a revoked one revokes its whole family. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: uuid("family_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    replacedBy: uuid("replaced_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId), index("refresh_tokens_user_idx").on(t.userId)],
);

/**
 * Rate-limit counters (lib/rate-limit.ts, rate-limiter-flexible's Drizzle store): one row per
 * key, e.g. "login-client:ann@example.com|203.0.113.7", with the points spent in the current
 * window and when that window ends. In the database, so limits hold across app instances.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

/**
 * A member's address book (/account/addresses), owned by lib/shipping/address-book.ts: addresses
 * checked by the checkout's own schema, at most one default, which prefills the checkout.
 */
export const savedAddresses = pgTable(
  "saved_addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    address: jsonb("address").$type<ShippingAddress>().notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("saved_addresses_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("saved_addresses_one_default_idx").on(t.userId).where(sql`${t.isDefault}`),
  ],
);
export type SavedAddress = typeof savedAddresses.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Cart and orders
// ---------------------------------------------------------------------------------------------

/** A server-side cart. `version` changes only when the contents really change. */
export const carts = pgTable(
  "carts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    /** The shopper's shipping choice (lib/cart setCartShipping); part of what the version fixes. */
    shippingAddress: jsonb("shipping_address").$type<ShippingAddress>(),
    shippingRateId: text("shipping_rate_id"),
    ...timestamps,
  },
  (t) => [uniqueIndex("carts_user_idx").on(t.userId).where(sql`${t.userId} is not null`)],
);

export const MAX_LINE_QUANTITY = 99;

export const cartItems = pgTable(
  "cart_items",
  {
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cartId, t.productId] }),
    check("cart_items_quantity_range", sql`${t.quantity} between 1 and ${sql.raw(String(MAX_LINE_QUANTITY))}`),
  ],
);

export const ORDER_STATUSES = ["pending", "paid", "failed", "canceled", "partially_refunded", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-friendly order number shown to shoppers. */
    number: bigserial("number", { mode: "number" }).notNull().unique(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    email: text("email"),
    status: text("status").$type<OrderStatus>().notNull().default("pending"),
    currency: text("currency").notNull(),
    amountTotal: integer("amount_total").notNull(),
    amountRefunded: integer("amount_refunded").notNull().default(0),
    /** The total's parts (lib/shipping totals): subtotal of the lines, shipping, tax (included or added). */
    amountSubtotal: integer("amount_subtotal"),
    amountShipping: integer("amount_shipping").notNull().default(0),
    amountTax: integer("amount_tax").notNull().default(0),
    taxInclusive: boolean("tax_inclusive").notNull().default(false),
    shippingAddress: jsonb("shipping_address").$type<ShippingAddress>(),
    shippingRateId: text("shipping_rate_id"),
    shippingRateName: text("shipping_rate_name"),
    /** The cart and cart version this order was made from (checkout idempotency). */
    cartId: uuid("cart_id"),
    cartVersion: text("cart_version"),
    paymentIntentId: text("payment_intent_id").unique(),
    /** Unguessable token that lets a guest read their own order. */
    accessToken: text("access_token").notNull(),
    /** Stripe's message for the latest failed attempt, shown to the shopper. */
    lastPaymentError: text("last_payment_error"),
    source: text("source").notNull().default("web"),
    /**
     * The order's hold on its tracked lines' stock (lib/orders): "held" from checkout (the stock
     * was decremented), "released" once given back when the order was canceled; null when it never
     * reserved (untracked products only, or an order from before reservations).
     */
    stockReservation: text("stock_reservation").$type<"held" | "released">(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("orders_status_known", sql`${t.status} in ('pending', 'paid', 'failed', 'canceled', 'partially_refunded', 'refunded')`),
    check("orders_stock_reservation_known", sql`${t.stockReservation} in ('held', 'released')`),
    check("orders_amounts_valid", sql`${t.amountTotal} >= 0 and ${t.amountRefunded} between 0 and ${t.amountTotal}`),
    index("orders_user_created_idx").on(t.userId, t.createdAt),
    // The admin customers list: per-user totals read from the index alone.
    index("orders_user_totals_idx").on(t.userId, t.paidAt, t.currency, t.amountTotal, t.amountRefunded),
    // The admin list: newest first by number (keyset), filtered by status or email.
    index("orders_status_number_idx").on(t.status, t.number),
    // The admin list sorted by total (keyset on (total, number)).
    index("orders_total_number_idx").on(t.amountTotal, t.number),
    index("orders_email_lower_idx").on(sql`lower(${t.email})`),
    // The dashboard: revenue by day of payment, and orders placed today / this week.
    index("orders_paid_at_idx").on(t.paidAt).where(sql`${t.paidAt} is not null`),
    index("orders_created_idx").on(t.createdAt),
    // The stock-hold job's scan: only unpaid orders holding stock are in it.
    index("orders_stock_held_idx").on(t.updatedAt).where(sql`${t.stockReservation} = 'held'`),
    uniqueIndex("orders_cart_version_idx").on(t.cartId, t.cartVersion),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    /** Snapshots at the time of the order. */
    name: text("name").notNull(),
    unitAmount: integer("unit_amount").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), check("order_items_quantity_positive", sql`${t.quantity} > 0`)],
);

/** Every change of an order's status, with why: the order's history for shoppers' support and operators. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: text("from_status").$type<OrderStatus>().notNull(),
    toStatus: text("to_status").$type<OrderStatus>().notNull(),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

export const PAYMENT_REVIEW_REASONS = ["duplicate_payment", "amount_mismatch", "order_missing", "intent_mismatch", "refund_failed", "stock_short"] as const;
export type PaymentReviewReason = (typeof PAYMENT_REVIEW_REASONS)[number];

/**
 * Money that arrived and needs an operator: a second paid order for one cart, a payment for a sum
 * other than the order's, a payment whose order cannot be found. Never a silent drop.
 */
export const paymentReviews = pgTable(
  "payment_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    paymentIntentId: text("payment_intent_id").notNull(),
    reason: text("reason").$type<PaymentReviewReason>().notNull(),
    detail: text("detail").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payment_reviews_intent_reason_idx").on(t.paymentIntentId, t.reason),
    index("payment_reviews_order_idx").on(t.orderId),
    index("payment_reviews_open_idx").on(t.createdAt).where(sql`${t.resolvedAt} is null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Webhooks, email
// ---------------------------------------------------------------------------------------------

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "failed", "dead"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** Every verified Stripe event, stored once by its id before Cashline answers 200. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status").$type<WebhookEventStatus>().notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    /** A worker's claim while it processes the event; others skip it until then. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    stripeCreatedAt: timestamp("stripe_created_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    index("webhook_events_status_idx").on(t.status, t.receivedAt),
    index("webhook_events_received_idx").on(t.receivedAt, t.id),
    // An order's timeline: the events about its PaymentIntent (the intent itself, or its charges and refunds).
    index("webhook_events_object_idx").on(sql`(${t.payload}->'data'->'object'->>'id')`),
    index("webhook_events_object_intent_idx").on(sql`(${t.payload}->'data'->'object'->>'payment_intent')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Refunds (lib/refunds)
// ---------------------------------------------------------------------------------------------

/**
 * `requested`: written, Stripe not yet answered (the amount is held against the balance);
 * then Stripe's own statuses. `failed`/`canceled` refunds no longer count against the balance.
 */
export const REFUND_STATUSES = ["requested", "pending", "requires_action", "succeeded", "failed", "canceled"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason"),
    status: text("status").$type<RefundStatus>().notNull().default("requested"),
    /** Set once Stripe has answered; a refund made on Stripe directly arrives by webhook with only this. */
    stripeRefundId: text("stripe_refund_id").unique(),
    /** The caller's Idempotency-Key (API) or the form's key: one refund per key per order. */
    idempotencyKey: text("idempotency_key"),
    /** The admin who asked for it (null for refunds made on Stripe directly). */
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    failureReason: text("failure_reason"),
    ...timestamps,
  },
  (t) => [
    check("refunds_amount_positive", sql`${t.amount} > 0`),
    check("refunds_status_known", sql`${t.status} in ('requested', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled')`),
    uniqueIndex("refunds_order_key_idx").on(t.orderId, t.idempotencyKey),
    index("refunds_order_idx").on(t.orderId, t.createdAt),
  ],
);

export const EMAIL_STATUSES = ["outbox", "sent", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** Every email Cashline writes. Without SMTP_URL it stays here ("outbox") for the admin to read. */
export const emails = pgTable(
  "emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Makes sending idempotent, e.g. "receipt:<order id>". */
    dedupeKey: text("dedupe_key").notNull().unique(),
    kind: text("kind").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: text("status").$type<EmailStatus>().notNull().default("outbox"),
    error: text("error"),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("emails_created_idx").on(t.createdAt),
    // The outbox filter ?to=, newest first.
    index("emails_to_created_idx").on(t.to, t.createdAt, t.id),
  ],
);

// ---------------------------------------------------------------------------------------------
// IVR card bridge, audit log
// ---------------------------------------------------------------------------------------------

/**
 * A phone system's credential. The key itself is shown once; only a lookup prefix and an HMAC of
 * the key under a server pepper are kept (lib/ivr/keys.ts says why not argon2).
 */
export const ivrKeys = pgTable(
  "ivr_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** The key's first characters, for lookup and for recognising it in lists (not secret). */
    prefix: text("prefix").notNull().unique(),
    hash: text("hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
);

export const IVR_TRANSACTION_STATUSES = ["pending", "succeeded", "failed", "canceled", "expired"] as const;
export type IvrTransactionStatus = (typeof IVR_TRANSACTION_STATUSES)[number];

/**
 * A payment a phone system takes: created pending (amount fixed by the creator, or by the order it
 * pays), then paid by card once. Only the card's brand, last four and expiry are ever kept.
 */
export const ivrTransactions = pgTable(
  "ivr_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The caller's id for it (seed 000's trans_id), unique. */
    transId: text("trans_id").notNull().unique(),
    status: text("status").$type<IvrTransactionStatus>().notNull().default("pending"),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    description: text("description"),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    /** Card attempts made, and how many of them were refused (5 refusals end it). */
    attempts: integer("attempts").notNull().default(0),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    paymentIntentId: text("payment_intent_id").unique(),
    lastError: text("last_error"),
    cardBrand: text("card_brand"),
    cardLast4: text("card_last4"),
    cardExpMonth: integer("card_exp_month"),
    cardExpYear: integer("card_exp_year"),
    keyId: uuid("key_id").references(() => ivrKeys.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    succeededAt: timestamp("succeeded_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("ivr_transactions_status_known", sql`${t.status} in ('pending', 'succeeded', 'failed', 'canceled', 'expired')`),
    check("ivr_transactions_amount_positive", sql`${t.amount} > 0`),
    check("ivr_transactions_card_last4", sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
    index("ivr_transactions_created_idx").on(t.createdAt),
    index("ivr_transactions_order_idx").on(t.orderId),
  ],
);

/**
 * Every state-changing API call and every IVR call: who, what, how it ended, with bodies masked
 * (lib/audit). Kept AUDIT_RETENTION_DAYS.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    status: integer("status").notNull(),
    durationMs: integer("duration_ms").notNull(),
    clientIp: text("client_ip"),
    userId: uuid("user_id"),
    keyId: uuid("key_id"),
    requestId: text("request_id").notNull(),
    requestBody: jsonb("request_body"),
    responseBody: jsonb("response_body"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_path_at_idx").on(t.path, t.at), index("audit_log_status_at_idx").on(t.status, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Subscriptions (lib/subscriptions)
// ---------------------------------------------------------------------------------------------

/** A user's Stripe customer, created once (the user id is its idempotency key) and stored once. */
export const stripeCustomers = pgTable("stripe_customers", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  customerId: text("customer_id").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Stripe's statuses, plus `pending`: the row claimed before Stripe is asked, so that the partial
 * unique index below refuses a second live subscription for a user before anything is created.
 */
export const SUBSCRIPTION_STATUSES = ["pending", "incomplete", "incomplete_expired", "trialing", "active", "past_due", "unpaid", "canceled", "paused"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const LIVE_SUBSCRIPTION_STATUSES = ["pending", "incomplete", "trialing", "active", "past_due"] as const satisfies readonly SubscriptionStatus[];

/** A member's subscription, kept in step with Stripe's object (webhooks, and every call that changes it). */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Null only while `pending`. */
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    plan: text("plan").notNull(),
    stripePriceId: text("stripe_price_id").notNull(),
    status: text("status").$type<SubscriptionStatus>().notNull().default("pending"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    latestInvoiceId: text("latest_invoice_id"),
    cardBrand: text("card_brand"),
    cardLast4: text("card_last4"),
    stripeCreatedAt: timestamp("stripe_created_at", { withTimezone: true }),
    canceledAt: timestamp("canceled_at", { withTimezone: true }),
    /**
     * When the Stripe object last written here was asked for: a write carries the time its read
     * started and is refused when a later read was already written, so a slow or late copy never
     * moves the row backwards.
     */
    syncedAt: timestamp("synced_at", { withTimezone: true, precision: 6 }),
    ...timestamps,
  },
  (t) => [
    check("subscriptions_status_known", sql`${t.status} in ('pending', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'canceled', 'paused')`),
    check("subscriptions_card_last4", sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
    check("subscriptions_stripe_id_unless_pending", sql`${t.status} = 'pending' or ${t.stripeSubscriptionId} is not null`),
    uniqueIndex("subscriptions_one_live_per_user_idx")
      .on(t.userId)
      .where(sql`${t.status} in ('pending', 'incomplete', 'trialing', 'active', 'past_due')`),
    index("subscriptions_user_created_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * Paid subscription invoices (owned by lib/subscriptions/invoices.ts): one row per Stripe invoice
 * once `invoice.paid` is applied, so the dashboard's revenue counts memberships with SQL.
 */
export const subscriptionInvoices = pgTable(
  "subscription_invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stripeInvoiceId: text("stripe_invoice_id").notNull().unique(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    amountPaid: integer("amount_paid").notNull(),
    currency: text("currency").notNull(),
    billingReason: text("billing_reason"),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("subscription_invoices_amount_paid", sql`${t.amountPaid} >= 0`), index("subscription_invoices_paid_at_idx").on(t.paidAt, t.currency)],
);

export type Product = typeof products.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type User = typeof users.$inferSelect;
export type Cart = typeof carts.$inferSelect;
export type CartItem = typeof cartItems.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
export type PaymentReview = typeof paymentReviews.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type Email = typeof emails.$inferSelect;
export type IvrKey = typeof ivrKeys.$inferSelect;
export type IvrTransaction = typeof ivrTransactions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type StripeCustomer = typeof stripeCustomers.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionInvoice = typeof subscriptionInvoices.$inferSelect;
export type Refund = typeof refunds.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Service customers (seed 004's payments service: POST /v1/customer), owned by lib/customers
// ---------------------------------------------------------------------------------------------

/** A customer record made by an API caller (not a shop account), with its Stripe customer. */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased; one record per email. */
    email: text("email").notNull().unique(),
    name: text("name"),
    phone: text("phone"),
    stripeCustomerId: text("stripe_customer_id").notNull().unique(),
    ...timestamps,
  },
  (t) => [index("customers_created_at_idx").on(t.createdAt)],
);
export type Customer = typeof customers.$inferSelect;
