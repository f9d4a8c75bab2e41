import { z } from "zod";
import { USER_ROLES } from "@/db/schema";
import type { ResponseDoc, RouteEntry } from "./registry";

/**
 * The admin API for users, products and the dashboard's figures (issue 13, part B), kept in its
 * own list so it merges beside the orders/refunds/webhooks half; registry.ts appends it to ROUTES.
 * (The tag is spelled out: importing TAGS from registry.ts would make a cycle.)
 */

const iso = z.string().describe("ISO 8601 date-time");
const minor = z.number().int().describe("integer minor units of `currency`");
const ok = (schema: z.ZodType): Record<number, ResponseDoc> => ({ 200: { description: "OK", schema } });
const created = (schema: z.ZodType): Record<number, ResponseDoc> => ({ 201: { description: "Created", schema } });

const AdminUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(USER_ROLES),
  active: z.boolean(),
  created_at: iso,
  deactivated_at: iso.nullable(),
  order_count: z.number().int().optional(),
  lifetime_value: minor.optional().describe("paid orders net of refunds, in the store currency"),
});
const AdminProduct = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  unit_amount: minor,
  currency: z.string(),
  image: z.string(),
  requires_shipping: z.boolean().describe("false for digital goods: no shipping address or charge at checkout"),
  active: z.boolean(),
  created_at: iso,
  updated_at: iso,
});
const next = z.string().nullable().describe("pass back as `cursor` for the next page; null on the last");
export const Stats = z.object({
  currency: z.string(),
  range: z.enum(["30d", "12m"]),
  revenue: z.array(z.object({ period: z.string().describe("YYYY-MM-DD (30d) or YYYY-MM (12m), UTC"), amount: minor })).describe("paid orders net of refunds plus paid subscription invoices, by day or month of payment"),
  revenue_total: minor,
  orders: z.object({ today: z.number().int(), last_7_days: z.number().int() }),
  new_customers_7_days: z.number().int(),
  active_subscriptions: z.array(z.object({ plan: z.string(), count: z.number().int() })),
  webhooks: z.object({ failed: z.number().int(), dead: z.number().int() }),
  dead_jobs: z.number().int(),
});

const ADMIN = "Admin";

export const ADMIN_MORE_ROUTES: RouteEntry[] = [
  {
    file: "app/api/v1/admin/users/route.ts",
    path: "/api/v1/admin/users",
    tag: ADMIN,
    load: () => import("@/app/api/v1/admin/users/route"),
    methods: {
      POST: {
        summary: "Add a user, with a password or a set-password link sent through the outbox",
        responses: created(z.object({ data: AdminUser })),
        errors: { 409: "email_taken: an account has this email" },
        example: { as: "admin", status: 201, body: { email: "added-by-api@example.com", name: "Added by API", role: "customer", send_set_password_link: true }, save: { admin_added_user: "data.id" } },
      },
      GET: {
        summary: "Users newest first, with order count and lifetime value; search by email (q)",
        responses: ok(z.object({ data: z.array(AdminUser), currency: z.string(), next_cursor: next })),
        example: { as: "admin", status: 200, query: { q: "example.com", limit: "5" } },
      },
    },
  },
  {
    file: "app/api/v1/admin/users/[id]/route.ts",
    path: "/api/v1/admin/users/{id}",
    tag: ADMIN,
    load: () => import("@/app/api/v1/admin/users/[id]/route"),
    methods: {
      PATCH: {
        summary: "Change a user's role or deactivate/reactivate them (either signs them out everywhere)",
        description: "A deactivated user cannot sign in or use API tokens; their orders are kept. The last active admin can be neither demoted nor deactivated.",
        responses: ok(z.object({ data: AdminUser })),
        errors: { 404: "No such user", 409: "last_admin: the last active admin" },
        example: { as: "admin", status: 200, params: { id: "$admin_added_user" }, body: { active: false } },
      },
    },
  },
  {
    file: "app/api/v1/admin/products/route.ts",
    path: "/api/v1/admin/products",
    tag: ADMIN,
    load: () => import("@/app/api/v1/admin/products/route"),
    methods: {
      POST: {
        summary: "Create a product (the body of POST /api/v1/products)",
        responses: created(z.object({ data: AdminProduct })),
        errors: { 400: "invalid_request naming the field, e.g. slug when it is taken" },
        example: { as: "admin", status: 201, body: { name: "Admin API mug", unit_amount: 1800, slug: "admin-api-mug" }, save: { admin_product: "data.id" } },
      },
      GET: {
        summary: "Every product by name, archived ones too (status=active|archived|all)",
        responses: ok(z.object({ data: z.array(AdminProduct), next_cursor: next })),
        example: { as: "admin", status: 200, query: { status: "all", limit: "5" } },
      },
    },
  },
  {
    file: "app/api/v1/admin/products/[id]/route.ts",
    path: "/api/v1/admin/products/{id}",
    tag: ADMIN,
    load: () => import("@/app/api/v1/admin/products/[id]/route"),
    methods: {
      PATCH: {
        summary: "Edit a product (slug included); active: false archives it (off the catalog, refused by carts)",
        responses: ok(z.object({ data: AdminProduct })),
        errors: { 400: "invalid_request naming the field (slug taken…)", 404: "No such product" },
        example: { as: "admin", status: 200, params: { id: "$admin_product" }, body: { unit_amount: 2100, active: false } },
      },
    },
  },
  {
    file: "app/api/v1/admin/stats/route.ts",
    path: "/api/v1/admin/stats",
    tag: ADMIN,
    load: () => import("@/app/api/v1/admin/stats/route"),
    methods: {
      GET: {
        summary: "The dashboard's figures: revenue by day (30d) or month (12m), paid orders net of refunds plus paid subscription invoices in the store currency; counts",
        description: "A subscription invoice counts once `invoice.paid` has been applied (table subscription_invoices); orders count net of refunds.",
        responses: ok(Stats),
        example: { as: "admin", status: 200, query: { range: "12m" } },
      },
    },
  },
];
