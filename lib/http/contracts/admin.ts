import { z } from "zod";
import { ORDER_STATUSES, WEBHOOK_EVENT_STATUSES, type Order } from "@/db/schema";
import { ADMIN_ORDERS_PAGE_MAX, type AdminOrderFilter } from "@/lib/orders";
import { REFUND_REASONS } from "@/lib/refunds";
import { Order as OrderResponse } from "@/lib/openapi/schemas";
import { plainText } from "@/lib/validation/text";
import type { WebhookEventFilter, WebhookEventSummary } from "@/lib/webhooks";

/**
 * The admin area's request schemas, shared by the admin API routes (app/api/v1/admin/...) and
 * the admin pages that take the same filters from their URL. Exported for the OpenAPI document.
 */

const day = z.iso.date({ error: "must be a date such as 2026-12-31" });

/** GET /api/v1/admin/orders and /admin/orders: filters and keyset cursor, as query-string text. */
export const adminOrdersQuerySchema = z
  .object({
    status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(", ")}` }).optional(),
    /** Part of the customer's email, or an order reference (CL-…) for that one order. */
    email: plainText().trim().min(1).max(254).optional(),
    /** Created on or after this day (UTC). */
    from: day.optional(),
    /** Created on or before this day (UTC). */
    to: day.optional(),
    /** date (when placed) or total; newest / largest first unless dir=asc. */
    sort: z.enum(["date", "total"], { error: "must be date or total" }).default("date"),
    dir: z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc"),
    cursor: z.string().regex(/^(\d{1,9}\.)?[1-9]\d{0,15}$/, "must be the next_cursor of a previous page").optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1).max(ADMIN_ORDERS_PAGE_MAX).default(50),
  })
  .strict();

export type AdminOrdersQuery = z.output<typeof adminOrdersQuerySchema>;

/** The query as lib/orders' filter: whole days in UTC, `to` inclusive. */
export function toAdminOrderFilter(q: Partial<AdminOrdersQuery>): AdminOrderFilter {
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 24 * 60 * 60 * 1000);
  return {
    status: q.status,
    email: q.email,
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? next(q.to) : undefined,
    sort: q.sort,
    dir: q.dir,
    cursor: q.cursor,
    limit: q.limit,
  };
}

/** POST /api/v1/admin/orders/{id}/refunds: the whole refundable balance when `amount` is left out. */
export const adminRefundBodySchema = z
  .object({
    amount: z
      .number({ error: "must be a whole number of minor units (cents)" })
      .int("must be a whole number of minor units (cents)")
      .positive("must be greater than 0")
      .max(99_999_999)
      .optional(),
    reason: z.enum(REFUND_REASONS, { error: `must be one of ${REFUND_REASONS.join(", ")}` }).optional(),
  })
  .strict();

/** The refund form: the amount typed in minor units, as text. */
export const adminRefundFormSchema = z.object({
  order_id: z.uuid(),
  amount: z
    .string()
    .trim()
    .regex(/^\d+$/, { error: "Enter the amount in minor units (cents), e.g. 1500." })
    .transform(Number)
    .refine((n) => n > 0, { error: "Enter an amount greater than 0." }),
  reason: z.enum(REFUND_REASONS, { error: "Choose a reason." }),
  idempotency_key: z.uuid(),
});

/** GET /api/v1/admin/webhook-events and /admin/webhooks. */
export const adminWebhookEventsQuerySchema = z
  .object({
    status: z.enum(WEBHOOK_EVENT_STATUSES, { error: `must be one of ${WEBHOOK_EVENT_STATUSES.join(", ")}` }).optional(),
    type: z.string().regex(/^[a-z0-9_.]{1,255}$/, "must be an event type such as charge.refunded").optional(),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, "must be the next_cursor of a previous page").optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1).max(200).default(50),
  })
  .strict();

export const toWebhookEventFilter = (q: z.output<typeof adminWebhookEventsQuerySchema>): WebhookEventFilter => q;

export type AdminOrderSummaryDto = {
  id: string;
  number: number;
  created_at: string;
  email: string | null;
  user_id: string | null;
  status: Order["status"];
  currency: string;
  amount_total: number;
  amount_refunded: number;
  source: string;
  payment_intent: string | null;
};

export function toAdminOrderSummaryDto(o: Order): AdminOrderSummaryDto {
  return {
    id: o.id,
    number: o.number,
    created_at: o.createdAt.toISOString(),
    email: o.email,
    user_id: o.userId,
    status: o.status,
    currency: o.currency,
    amount_total: o.amountTotal,
    amount_refunded: o.amountRefunded,
    source: o.source,
    payment_intent: o.paymentIntentId,
  };
}

export function toWebhookEventDto(e: WebhookEventSummary) {
  return {
    id: e.id,
    type: e.type,
    status: e.status,
    attempts: e.attempts,
    last_error: e.lastError,
    stripe_created_at: e.stripeCreatedAt.toISOString(),
    received_at: e.receivedAt.toISOString(),
    processed_at: e.processedAt?.toISOString() ?? null,
  };
}

// ---- response shapes (for the OpenAPI document, lib/openapi/registry.ts) -------------------------

const iso = z.string().describe("ISO 8601 date-time");
const minor = z.number().int().describe("integer minor units of `currency`");

export const AdminOrderSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  created_at: iso,
  email: z.string().nullable(),
  user_id: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  currency: z.string(),
  amount_total: minor,
  amount_refunded: minor,
  source: z.string(),
  payment_intent: z.string().nullable(),
});

export const RefundResponse = z.object({
  id: z.uuid(),
  order_id: z.uuid(),
  amount: minor,
  currency: z.string(),
  reason: z.string().nullable(),
  status: z.enum(["requested", "pending", "requires_action", "succeeded", "failed", "canceled"]),
  stripe_refund_id: z.string().nullable(),
  created_by: z.string().nullable(),
  failure_reason: z.string().nullable(),
  created_at: iso,
});

export const AdminOrderDetail = OrderResponse.extend({
  source: z.string(),
  user_id: z.string().nullable(),
  refundable_amount: minor,
  refunds: z.array(RefundResponse),
});

export const WebhookEventResponse = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(WEBHOOK_EVENT_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  stripe_created_at: iso,
  received_at: iso,
  processed_at: iso.nullable(),
});

export const adminResponses = {
  orders: z.object({ data: z.array(AdminOrderSummary), next_cursor: z.string().nullable() }),
  order: z.object({ data: AdminOrderDetail }),
  refund: z.object({ data: RefundResponse }),
  webhookEvents: z.object({ data: z.array(WebhookEventResponse), next_cursor: z.string().nullable() }),
  webhookEvent: z.object({ data: WebhookEventResponse }),
};
