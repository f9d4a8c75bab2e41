CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"unit_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"image" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"stripe_product_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_slug_unique" UNIQUE("slug"),
	CONSTRAINT "products_unit_amount_nonnegative" CHECK ("products"."unit_amount" >= 0),
	CONSTRAINT "products_currency_iso" CHECK ("products"."currency" ~ '^[a-z]{3}$')
);
--> statement-breakpoint
CREATE INDEX "products_active_name_idx" ON "products" USING btree ("active","name");