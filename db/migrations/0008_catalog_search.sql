-- pg_trgm (a trusted extension since PostgreSQL 13: the database owner may create it; PGlite
-- loads its build in db/client.ts). Added by hand to the generated migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin (to_tsvector('simple', "name" || ' ' || "description"));--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_active_created_idx" ON "products" USING btree ("active","created_at");--> statement-breakpoint
CREATE INDEX "products_active_price_idx" ON "products" USING btree ("active","unit_amount");