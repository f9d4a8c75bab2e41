import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseNetworks, parseTrustedProxies } from "./auth/trusted-proxies";

/**
 * All of Cashline's configuration, read and validated once.
 *
 * Two modes:
 * - embedded (default): PGlite in PGLITE_DIR, the local Stripe emulator, secrets generated once
 *   into DATA_DIR/secrets.json and reused.
 * - production: DATABASE_URL, real Stripe keys, AUTH_SECRET and SESSION_SECRET required.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: optionalString.pipe(z.url({ message: "APP_URL must be an absolute URL" }).optional()),
    DATA_DIR: z.string().default(".data"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
        .optional(),
    ),
    PGLITE_DIR: optionalString,
    STORE_CURRENCY: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{3}$/, "STORE_CURRENCY must be a three-letter ISO currency code, e.g. usd")
      .default("usd"),
    /** Keys the order references shoppers see (lib/orders/reference.ts); set once before going live. */
    ORDER_REFERENCE_KEY: optionalString,
    STORE_NAME: z.string().trim().min(1).default("Cashline"),
    /** Whether catalog prices (and shipping rates) already include tax (VAT style) or tax is added on top. */
    TAX_INCLUSIVE: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    STRIPE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_/, "STRIPE_SECRET_KEY must look like sk_test_... or sk_live_...")
        .optional(),
    ),
    STRIPE_PUBLISHABLE_KEY: optionalString.pipe(
      z.string().regex(/^pk_(test|live)_/, "STRIPE_PUBLISHABLE_KEY must look like pk_test_...").optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z.string().regex(/^whsec_/, "STRIPE_WEBHOOK_SECRET must look like whsec_...").optional(),
    ),
    /** Seed 001's overrides: the plans' Stripe Price ids, instead of finding them by lookup key. */
    STRIPE_BASIC_PRODUCT_PRICE_ID: optionalString.pipe(z.string().regex(/^price_/, "STRIPE_BASIC_PRODUCT_PRICE_ID must look like price_...").optional()),
    STRIPE_PRO_PRODUCT_PRICE_ID: optionalString.pipe(z.string().regex(/^price_/, "STRIPE_PRO_PRODUCT_PRICE_ID must look like price_...").optional()),
    STRIPE_EMULATOR_URL: z.url({ message: "STRIPE_EMULATOR_URL must be an absolute URL" }).default("http://127.0.0.1:12111"),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional()),
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional()),
    EMAIL_FROM: z.string().default("Cashline <shop@cashline.local>"),
    ADMIN_EMAIL: optionalString.pipe(z.email({ message: "ADMIN_EMAIL must be an email address" }).optional()),
    ADMIN_PASSWORD: optionalString,
    TRUSTED_PROXIES: optionalString.superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message.replace(/^TRUSTED_PROXIES /, "") });
      }
    }),
    SIGNUPS_PER_IP_PER_HOUR: optionalString.pipe(
      z
        .string()
        .regex(/^[1-9]\d*$/, "SIGNUPS_PER_IP_PER_HOUR must be a whole number of at least 1")
        .transform(Number)
        .optional(),
    ),
    RUN_JOBS_IN_APP: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    /** Source addresses (CIDRs, comma-separated) allowed to call the IVR API without a key. */
    IVR_TRUSTED_NETWORKS: optionalString.superRefine((value, ctx) => {
      try {
        parseNetworks(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
    /**
     * How long after a declined card the "payment failed" email waits; it goes only if the order
     * is still unpaid then (a shopper who retried and paid gets the receipt alone).
     */
    PAYMENT_FAILED_EMAIL_DELAY_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
    /** How long a pending IVR transaction can be paid. */
    IVR_TRANSACTION_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
    /** Twilio <Pay> charges without a pending IVR transaction: refused unless "true", then up to IVR_MAX_AMOUNT. */
    IVR_ALLOW_ADHOC: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** The largest ad-hoc Twilio charge, in minor units of the store's currency. */
    IVR_MAX_AMOUNT: z.coerce.number().int().min(1).max(99_999_999).default(50_000),
    /** Card attempts per IVR key (or trusted address) per minute. */
    IVR_CARD_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
    /** When the payment reconciliation job runs (five-field cron, UTC), or "off". */
    RECONCILE_CRON: z
      .string()
      .trim()
      .default("*/10 * * * *")
      .refine((v) => v === "off" || v.split(/\s+/).length === 5, "RECONCILE_CRON must be a five-field cron expression or off"),
    /**
     * How long an unpaid checkout holds the stock it reserved (minutes since the order last
     * changed): then its PaymentIntent is canceled and the stock goes back (lib/checkout).
     */
    STOCK_HOLD_MINUTES: z.coerce.number({ error: "STOCK_HOLD_MINUTES must be a number of minutes" }).int().min(1).max(7 * 24 * 60).default(30),
    /** When the stock-hold job looks for expired holds (five-field cron, UTC), or "off". */
    STOCK_HOLD_CRON: z
      .string()
      .trim()
      .default("*/5 * * * *")
      .refine((v) => v === "off" || v.split(/\s+/).length === 5, "STOCK_HOLD_CRON must be a five-field cron expression or off"),
    /**
     * When the db-maintenance job refreshes the planner's statistics and the search indexes on
     * PGlite, which has no autovacuum (five-field cron, UTC), or "off". Not run on Postgres.
     */
    DB_MAINTENANCE_CRON: z
      .string()
      .trim()
      .default("23 * * * *")
      .refine((v) => v === "off" || v.split(/\s+/).length === 5, "DB_MAINTENANCE_CRON must be a five-field cron expression or off"),
    /** How many days audit log entries are kept (lib/audit), purged by the audit-retention job. */
    AUDIT_RETENTION_DAYS: optionalString.pipe(
      z
        .string()
        .regex(/^[1-9]\d*$/, "AUDIT_RETENTION_DAYS must be a whole number of days, at least 1")
        .transform(Number)
        .default(90),
    ),
    /** When the audit-retention job runs (five-field cron, UTC), or "off". */
    AUDIT_RETENTION_CRON: z
      .string()
      .trim()
      .default("17 3 * * *")
      .refine((v) => v === "off" || v.split(/\s+/).length === 5, "AUDIT_RETENTION_CRON must be a five-field cron expression or off"),
    /**
     * Test suites only: handle the `cashline.test_*` event types (lib/webhooks), e.g. one whose
     * handler fails on its first attempt, so that a dead event can be seen and replayed.
     */
    CASHLINE_TEST_EVENTS: z.enum(["0", "1"]).default("0"),
  })
  .superRefine((env, ctx) => {
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_PUBLISHABLE_KEY) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_PUBLISHABLE_KEY"], message: "is required when STRIPE_SECRET_KEY is set" });
    }
    if (env.NODE_ENV === "production" && env.DATABASE_URL) {
      // A production deployment on a server must not rely on generated secrets.
      for (const key of ["AUTH_SECRET", "SESSION_SECRET"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production with DATABASE_URL" });
      }
    }
  });

export type Env = z.infer<typeof schema> & {
  /** true when Stripe calls go to the local emulator. */
  stripeEmulated: boolean;
  /** PGlite folder when no DATABASE_URL is set. */
  pgliteDir: string;
  appUrl: string;
  authSecret: string;
  sessionSecret: string;
};

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
  }
}

type GeneratedSecrets = { authSecret: string; sessionSecret: string };

/** Secrets generated once into DATA_DIR and reused, so sessions survive restarts in embedded mode. */
function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "secrets.json");
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<GeneratedSecrets>;
    if (parsed.authSecret && parsed.sessionSecret) return parsed as GeneratedSecrets;
  }
  const secrets = { authSecret: randomBytes(32).toString("base64url"), sessionSecret: randomBytes(32).toString("base64url") };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const env = result.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR);
  const needsGenerated = !env.AUTH_SECRET || !env.SESSION_SECRET;
  const generated = needsGenerated ? loadOrCreateSecrets(dataDir) : undefined;
  return {
    ...env,
    DATA_DIR: dataDir,
    stripeEmulated: !env.STRIPE_SECRET_KEY,
    pgliteDir: path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR ?? path.join(dataDir, "pglite")),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    authSecret: env.AUTH_SECRET ?? generated!.authSecret,
    sessionSecret: env.SESSION_SECRET ?? generated!.sessionSecret,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
