import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

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
    active: boolean("active").notNull().default(true),
    /** Ids of the mirrored Stripe Product/Price, set once synced. */
    stripeProductId: text("stripe_product_id"),
    ...timestamps,
  },
  (t) => [
    check("products_unit_amount_nonnegative", sql`${t.unitAmount} >= 0`),
    check("products_currency_iso", sql`${t.currency} ~ '^[a-z]{3}$'`),
    index("products_active_name_idx").on(t.active, t.name),
  ],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
