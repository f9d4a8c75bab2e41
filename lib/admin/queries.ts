import { z } from "zod";

/** The admin lists' query strings (the API and the pages): a search, a keyset cursor, a page size. */
const cursor = z.uuid({ error: "must be the next_cursor of a previous page" }).optional();
const limit = z.coerce.number({ error: "must be a whole number" }).int({ error: "must be a whole number" }).min(1).max(100).default(50);

export const usersQuerySchema = z.object({ q: z.string().trim().max(254).optional(), cursor, limit }).strict();

export const productsQuerySchema = z
  .object({ q: z.string().trim().max(200).optional(), status: z.enum(["active", "archived", "all"], { error: "must be active, archived or all" }).default("all"), cursor, limit })
  .strict();

export const customersQuerySchema = z
  .object({
    q: z.string().trim().max(254).optional(),
    sort: z.enum(["value", "orders"], { error: "must be value or orders" }).default("value"),
    dir: z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc"),
    cursor: z.string().regex(/^-?\d{1,16}\.[0-9a-f-]{36}$/, { error: "must be the next_cursor of a previous page" }).optional(),
    limit,
  })
  .strict();
