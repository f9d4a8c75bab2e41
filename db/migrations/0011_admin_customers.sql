CREATE INDEX "emails_to_created_idx" ON "emails" USING btree ("to","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_user_totals_idx" ON "orders" USING btree ("user_id","paid_at","currency","amount_total","amount_refunded");--> statement-breakpoint
CREATE INDEX "orders_total_number_idx" ON "orders" USING btree ("amount_total","number");--> statement-breakpoint
CREATE INDEX "users_role_idx" ON "users" USING btree ("role","id");