CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"client_ip" text,
	"user_id" uuid,
	"key_id" uuid,
	"request_id" text NOT NULL,
	"request_body" jsonb,
	"response_body" jsonb
);
--> statement-breakpoint
CREATE TABLE "ivr_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "ivr_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "ivr_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trans_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"description" text,
	"order_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"payment_intent_id" text,
	"last_error" text,
	"card_brand" text,
	"card_last4" text,
	"card_exp_month" integer,
	"card_exp_year" integer,
	"key_id" uuid,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ivr_transactions_trans_id_unique" UNIQUE("trans_id"),
	CONSTRAINT "ivr_transactions_payment_intent_id_unique" UNIQUE("payment_intent_id"),
	CONSTRAINT "ivr_transactions_status_known" CHECK ("ivr_transactions"."status" in ('pending', 'succeeded', 'failed', 'canceled', 'expired')),
	CONSTRAINT "ivr_transactions_amount_positive" CHECK ("ivr_transactions"."amount" > 0),
	CONSTRAINT "ivr_transactions_card_last4" CHECK ("ivr_transactions"."card_last4" is null or "ivr_transactions"."card_last4" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
ALTER TABLE "ivr_keys" ADD CONSTRAINT "ivr_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_transactions" ADD CONSTRAINT "ivr_transactions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_transactions" ADD CONSTRAINT "ivr_transactions_key_id_ivr_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."ivr_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_transactions" ADD CONSTRAINT "ivr_transactions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_path_at_idx" ON "audit_log" USING btree ("path","at");--> statement-breakpoint
CREATE INDEX "audit_log_status_at_idx" ON "audit_log" USING btree ("status","at");--> statement-breakpoint
CREATE INDEX "ivr_transactions_created_idx" ON "ivr_transactions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ivr_transactions_order_idx" ON "ivr_transactions" USING btree ("order_id");