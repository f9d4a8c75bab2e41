import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { DbExecutor } from "@/db/client";
import { refunds, users, type Refund, type RefundStatus } from "@/db/schema";
import { db } from "@/lib/db";
import { enqueueRefundEmail } from "@/lib/email";
import { DomainError, isDomainError } from "@/lib/errors";
import { logFor } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { flagPayment, getOrder, getOrderByPaymentIntent, isRefundable, lockOrder, orderReference, recordRefundedTotal, type Order } from "@/lib/orders";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";

/**
 * Refunds (table `refunds`, owned here). A refund is a row first, then a Stripe refund:
 *
 * 1. `createRefund` locks the order row (lib/orders `lockOrder`), so two requests for one order
 *    run one after the other; checks the order may be refunded and the amount fits the
 *    refundable balance (the order's total less every refund not failed or canceled, including
 *    ones Stripe has not answered yet); and writes the row (`requested`). A repeated
 *    Idempotency-Key finds its row instead (one row per key per order).
 * 2. Then it asks Stripe, with the idempotency key `cashline-refund:<row id>`: a retry, a double
 *    click or a second worker sends the same key and Stripe makes one refund.
 * 3. Stripe's answer, and every later `refund.*` / `charge.refunded` event, go through
 *    `applyStripeRefund`: the row's status only moves forward (a late `pending` never overwrites
 *    `succeeded`), the order's refunded total is recomputed from the succeeded rows (lib/orders
 *    moves it to partially_refunded / refunded, never back), and a succeeded refund's email is
 *    enqueued (once per refund).
 *
 * Refunds made on Stripe's dashboard arrive by webhook and get a row of their own (no creator).
 * The order state machine stays in lib/orders; this module only owns the refund rows and the rule
 * of the refundable balance.
 */
export type { Refund, RefundStatus };

export const REFUND_REASONS = ["requested_by_customer", "duplicate", "fraudulent"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** Statuses whose amount no longer counts against the refundable balance. */
const RELEASED: RefundStatus[] = ["failed", "canceled"];

/** How far along a refund is: a status only replaces one of a lower rank. */
const RANK: Record<RefundStatus, number> = { requested: 0, pending: 1, requires_action: 1, succeeded: 2, failed: 3, canceled: 3 };

export type CreateRefundInput = {
  orderId: string;
  /** Minor units; the whole refundable balance when left out. */
  amount?: number;
  reason?: RefundReason;
  /** One refund per key per order: a repeat with the same key answers the same refund. */
  idempotencyKey?: string | null;
  /** The admin asking (recorded on the row). */
  adminId: string | null;
};

export type RefundResult = { refund: Refund; replayed: boolean };

/** The amount an order's refunds hold: every refund not failed or canceled, answered by Stripe or not. */
async function heldAmount(orderId: string, database: DbExecutor = db()): Promise<number> {
  const [{ held }] = await database
    .select({ held: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), notInArray(refunds.status, RELEASED)));
  return Number(held);
}

/** What is left to refund: the total less every refund that is not failed or canceled (and at least what Stripe says was refunded). */
function refundableBalance(amountTotal: number, amountRefunded: number, held: number): number {
  return Math.max(0, amountTotal - Math.max(held, amountRefunded));
}

/** Refund an order, in full or in part; see the module's comment for the steps. */
export async function createRefund(input: CreateRefundInput): Promise<RefundResult> {
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0)) {
    throw new DomainError("invalid_request", "Invalid amount", { amount: ["must be a whole number of minor units (cents) greater than 0"] });
  }
  if (input.reason !== undefined && !REFUND_REASONS.includes(input.reason)) {
    throw new DomainError("invalid_request", "Invalid reason", { reason: [`must be one of ${REFUND_REASONS.join(", ")}`] });
  }
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 255) throw new DomainError("invalid_request", "Invalid Idempotency-Key", { "Idempotency-Key": ["must be at most 255 characters"] });

  const { row, replayed, paymentIntentId } = await db().transaction(async (tx) => {
    const order = await lockOrder(input.orderId, tx);
    if (!order) throw new DomainError("not_found", "Order not found");
    if (key) {
      const [existing] = await tx.select().from(refunds).where(and(eq(refunds.orderId, order.id), eq(refunds.idempotencyKey, key)));
      if (existing) {
        if ((input.amount !== undefined && input.amount !== existing.amount) || (input.reason ?? null) !== (existing.reason ?? null)) {
          throw new DomainError("idempotency_key_reused", "This Idempotency-Key was used for a different refund of this order.");
        }
        return { row: existing, replayed: true, paymentIntentId: order.paymentIntentId };
      }
    }
    if (!isRefundable(order.status) || !order.paymentIntentId) {
      const why = order.status === "refunded" ? "has been refunded in full" : `is ${order.status}; only paid orders can be refunded`;
      throw new DomainError("order_not_refundable", `Order ${orderReference(order.number)} ${why}.`, { order: [`is ${order.status}`] });
    }
    const remaining = refundableBalance(order.amountTotal, order.amountRefunded, await heldAmount(order.id, tx));
    if (remaining <= 0) throw new DomainError("order_not_refundable", `Order ${orderReference(order.number)} has no refundable balance left.`, { amount: ["the remaining refundable amount is 0"] });
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw new DomainError("invalid_request", `The amount is more than the refundable balance of ${formatMoney(remaining, order.currency)} (${remaining}).`, {
        amount: [`must be at most ${remaining}, the remaining refundable amount`],
      });
    }
    const [created] = await tx
      .insert(refunds)
      .values({ orderId: order.id, amount, currency: order.currency, reason: input.reason ?? null, idempotencyKey: key, createdBy: input.adminId })
      .returning();
    return { row: created, replayed: false, paymentIntentId: order.paymentIntentId };
  });

  if (row.stripeRefundId || RANK[row.status] > 0) return { refund: row, replayed };
  try {
    return { refund: await sendToStripe(row, paymentIntentId!), replayed };
  } catch (err) {
    // A repeat that found the first request still waiting on Stripe (Stripe answers a concurrent
    // request with the same key 409): the first one completes it; answer the row as it stands.
    if (!replayed || !isDomainError(err, "stripe_unavailable")) throw err;
    const [current] = await db().select().from(refunds).where(eq(refunds.id, row.id));
    return { refund: current ?? row, replayed };
  }
}

/** Ask Stripe for the row's refund (again, after a lost answer: the key makes it the same refund). */
async function sendToStripe(row: Refund, paymentIntentId: string): Promise<Refund> {
  let refund: Stripe.Refund;
  try {
    refund = await getStripe().refunds.create(
      {
        payment_intent: paymentIntentId,
        amount: row.amount,
        ...(row.reason ? { reason: row.reason as RefundReason } : {}),
        metadata: { cashline_refund_id: row.id, order_id: row.orderId },
      },
      { idempotencyKey: `cashline-refund:${row.id}` },
    );
  } catch (err) {
    const failure = classifyStripeError(err);
    if (!failure || failure.kind === "transient" || failure.kind === "other") {
      // The refund may or may not exist on Stripe: the row keeps its amount held, and a retry
      // with the same Idempotency-Key (or the refund's webhook) completes it.
      logFor("refunds").error({ err, refundId: row.id }, "Stripe did not answer a refund");
      throw new DomainError("stripe_unavailable", "Stripe did not answer; retry with the same Idempotency-Key to complete this refund.");
    }
    // Refused outright (e.g. the charge was refunded on Stripe meanwhile): the row stops holding its amount.
    await db()
      .update(refunds)
      .set({ status: "failed", failureReason: failure.message })
      .where(and(eq(refunds.id, row.id), eq(refunds.status, "requested")));
    throw new DomainError("refund_refused", `Stripe refused the refund: ${failure.message}`);
  }
  return (await applyStripeRefund(refund)) ?? row;
}

/**
 * What Stripe says about one refund, applied: to its row (found by Stripe id, or by the
 * `cashline_refund_id` Cashline put in its metadata; a refund made on Stripe directly gets a row),
 * then to its order. Safe to run twice, late or out of order. Returns the row, or null when the
 * refund is not about an order of this shop.
 */
export async function applyStripeRefund(refund: Stripe.Refund): Promise<Refund | null> {
  const status = (REFUND_STATUSES_KNOWN.includes(refund.status as RefundStatus) ? refund.status : "pending") as RefundStatus;
  const ours = refund.metadata?.cashline_refund_id;
  const row = await db().transaction(async (tx) => {
    let [current] = await tx.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)).for("update");
    if (!current && ours && UUID_RE.test(ours)) {
      [current] = await tx.select().from(refunds).where(eq(refunds.id, ours)).for("update");
    }
    if (!current) {
      const piId = paymentIntentOf(refund);
      const order = piId ? await getOrderByPaymentIntent(piId, tx) : null;
      if (!order) return null;
      [current] = await tx
        .insert(refunds)
        .values({ orderId: order.id, amount: refund.amount, currency: refund.currency, reason: refund.reason ?? null, status, stripeRefundId: refund.id })
        .onConflictDoNothing({ target: refunds.stripeRefundId })
        .returning();
      if (!current) [current] = await tx.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)).for("update");
      return current;
    }
    const forward = RANK[status] > RANK[current.status];
    if (!forward && current.stripeRefundId === refund.id) return current;
    if (forward && current.status === "succeeded" && status === "failed") {
      // Money Cashline told the customer it returned went back to the shop: an operator decides.
      const piId = paymentIntentOf(refund) ?? "";
      await flagPayment(
        {
          orderId: current.orderId,
          paymentIntentId: piId,
          reason: "refund_failed",
          detail: `Refund ${refund.id} of ${formatMoney(current.amount, current.currency)} failed after it had succeeded (${refund.failure_reason ?? "no reason given"}); the order still counts it refunded`,
          amount: current.amount,
          currency: current.currency,
        },
        tx,
      );
    }
    const [updated] = await tx
      .update(refunds)
      .set({
        stripeRefundId: refund.id,
        ...(forward ? { status, failureReason: refund.failure_reason ?? null } : {}),
      })
      .where(eq(refunds.id, current.id))
      .returning();
    return updated;
  });
  if (!row) return null;
  await settleOrder(row.orderId, row);
  return row;
}

const paymentIntentOf = (refund: Stripe.Refund): string | undefined =>
  typeof refund.payment_intent === "string" ? refund.payment_intent : refund.payment_intent?.id;

const REFUND_STATUSES_KNOWN: RefundStatus[] = ["pending", "requires_action", "succeeded", "failed", "canceled"];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order's refunded total from its succeeded refunds, into the order; the refund's email once it succeeded. */
async function settleOrder(orderId: string, row: Refund): Promise<void> {
  const [{ total }] = await db()
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.status, "succeeded")));
  const order = await recordRefundedTotal(orderId, Number(total));
  // Enqueued on a repeat too (keyed, stored once): a crash between the two must not lose it.
  if (order && row.status === "succeeded") {
    const full = await getOrder(orderId);
    if (full) await enqueueRefundEmail(full, row, order.amountRefunded);
  }
}

/** Every refund of a charge, re-read from Stripe and applied (for `charge.refunded`: covers refunds whose own events were lost). */
export async function syncChargeRefunds(charge: Stripe.Charge): Promise<void> {
  for await (const refund of getStripe().refunds.list({ charge: charge.id, limit: 100 })) await applyStripeRefund(refund);
}

export type RefundWithCreator = Refund & { createdByEmail: string | null };

/** An order's refunds, oldest first, with the admin who asked for each. */
export async function listRefundsForOrder(orderId: string): Promise<RefundWithCreator[]> {
  if (!UUID_RE.test(orderId)) return [];
  const rows = await db()
    .select({ refund: refunds, email: users.email })
    .from(refunds)
    .leftJoin(users, eq(users.id, refunds.createdBy))
    .where(eq(refunds.orderId, orderId))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  return rows.map((r) => ({ ...r.refund, createdByEmail: r.email }));
}

/** What is left to refund on an order (the same rule createRefund checks). */
export async function refundableAmount(order: Pick<Order, "id" | "amountTotal" | "amountRefunded" | "status">): Promise<number> {
  if (!isRefundable(order.status)) return 0;
  return refundableBalance(order.amountTotal, order.amountRefunded, await heldAmount(order.id));
}

export type RefundDto = {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: RefundStatus;
  stripe_refund_id: string | null;
  created_by: string | null;
  failure_reason: string | null;
  created_at: string;
};

export function toRefundDto(r: Refund): RefundDto {
  return {
    id: r.id,
    order_id: r.orderId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    stripe_refund_id: r.stripeRefundId,
    created_by: r.createdBy,
    failure_reason: r.failureReason,
    created_at: r.createdAt.toISOString(),
  };
}
