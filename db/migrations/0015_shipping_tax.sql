CREATE TABLE "shipping_rates" (
	"id" text NOT NULL,
	"country" text NOT NULL,
	"name" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"min_days" integer NOT NULL,
	"max_days" integer NOT NULL,
	"free_over" integer,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_rates_id_country_pk" PRIMARY KEY("id","country"),
	CONSTRAINT "shipping_rates_amount_nonnegative" CHECK ("shipping_rates"."amount" >= 0 and ("shipping_rates"."free_over" is null or "shipping_rates"."free_over" >= 0)),
	CONSTRAINT "shipping_rates_days_valid" CHECK ("shipping_rates"."min_days" >= 0 and "shipping_rates"."max_days" >= "shipping_rates"."min_days"),
	CONSTRAINT "shipping_rates_country_code" CHECK ("shipping_rates"."country" ~ '^([A-Z]{2}|[*])$'),
	CONSTRAINT "shipping_rates_currency_iso" CHECK ("shipping_rates"."currency" ~ '^[a-z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"country" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"rate_bps" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_country_region_pk" PRIMARY KEY("country","region"),
	CONSTRAINT "tax_rates_rate_range" CHECK ("tax_rates"."rate_bps" between 0 and 10000),
	CONSTRAINT "tax_rates_country_code" CHECK ("tax_rates"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "shipping_address" jsonb;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "shipping_rate_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_subtotal" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_shipping" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_tax" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax_inclusive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_address" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_rate_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_rate_name" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "requires_shipping" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "shipping_rates_country_idx" ON "shipping_rates" USING btree ("country","active","sort");