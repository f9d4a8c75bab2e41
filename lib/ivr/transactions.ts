import { randomBytes } from "node:crypto";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { ivrTransactions, type IvrTransaction, type IvrTransactionStatus } from "@/db/schema";
import type { DbExecutor } from "@/db/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { CardDeclinedError, DomainError, RateLimitedError } from "@/lib/errors";
import { logFor } from "@/lib/log";
import { amountTooLarge } from "@/lib/money";
import { flagPayment, getOrder, isOpen, isSettled, markOrderPaid } from "@/lib/orders";
import { Limit } from "@/lib/rate-limit";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import type { KeyedCard } from "./card";
import { ivrCallerKey, type IvrCaller } from "./caller";

/** Refused card attempts a transaction allows; after the last it is failed for good (card testing). */
export const MAX_FAILED_ATTEMPTS = 5;
const TRANS_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const log = logFor("ivr");

export type NewIvrTransaction = { amount?: number; currency?: string; description?: string | null; orderId?: string | null; transId?: string | null };

/**
 * A pending transaction for a phone system to pay. With an order, the amount is the order's open
 * balance (given or not; a different one is refused) and its currency; otherwise both are the
 * caller's (currency defaults to the store's). A caller-chosen trans_id must be new.
 */
export async function createIvrTransaction(input: NewIvrTransaction, by: IvrCaller): Promise<IvrTransaction> {
  const fields: Record<string, string[]> = {};
  let amount = input.amount;
  let currency = (input.currency ?? env().STORE_CURRENCY).toLowerCase();
  if (input.orderId) {
    const order = await getOrder(input.orderId);
    if (!order) fields.order_id = ["is not a known order"];
    else if (!isOpen(order.status)) fields.order_id = [`is ${order.status}: there is nothing left to pay`];
    else {
      const balance = order.amountTotal - order.amountRefunded;
      if (amount !== undefined && amount !== balance) fields.amount = [`must equal the order's open balance (${balance})`];
      if (input.currency && currency !== order.currency) fields.currency = [`must be the order's currency (${order.currency})`];
      amount = balance;
      currency = order.currency;
    }
  }
  if (amount === undefined) fields.amount ??= ["is required (or give an order_id)"];
  else if (!Number.isInteger(amount) || amount <= 0) fields.amount ??= ["must be a whole number of minor units, at least 1"];
  else if (amountTooLarge(amount)) fields.amount ??= ["is larger than a payment can be"];
  if (!/^[a-z]{3}$/.test(currency)) fields.currency = ["must be a three-letter ISO currency code"];
  if (input.transId != null && !TRANS_ID.test(input.transId)) fields.trans_id = ["must be 1–64 letters, digits or _ . : -"];
  if (Object.keys(fields).length) throw new DomainError("invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);

  const transId = input.transId ?? `ivr_${randomBytes(12).toString("base64url")}`;
  const [row] = await db()
    .insert(ivrTransactions)
    .values({
      transId,
      amount: amount!,
      currency,
      description: input.description?.slice(0, 500) ?? null,
      orderId: input.orderId ?? null,
      keyId: by.kind === "key" ? by.keyId : null,
      createdBy: by.kind === "admin" ? by.user.id : null,
      expiresAt: new Date(Date.now() + env().IVR_TRANSACTION_TTL_MINUTES * 60_000),
    })
    .onConflictDoNothing({ target: ivrTransactions.transId })
    .returning();
  if (!row) throw new DomainError("duplicate_trans_id", "A transaction with this trans_id already exists", { trans_id: ["already exists"] });
  return row;
}

/** Could this be a trans_id at all? (Anything else, a NUL byte say, is no transaction; never a query.) */
export const isTransId = (transId: string): boolean => TRANS_ID.test(transId);

/** The transaction, with a pending one past its time marked expired first. */
export async function getIvrTransaction(transId: string): Promise<IvrTransaction | null> {
  if (!isTransId(transId)) return null;
  await expireIfDue(transId);
  const [row] = await db().select().from(ivrTransactions).where(eq(ivrTransactions.transId, transId)).limit(1);
  return row ?? null;
}

export async function listIvrTransactions(opts: { limit?: number; before?: Date } = {}): Promise<IvrTransaction[]> {
  await db()
    .update(ivrTransactions)
    .set({ status: "expired" })
    .where(and(eq(ivrTransactions.status, "pending"), lt(ivrTransactions.expiresAt, new Date())));
  return db()
    .select()
    .from(ivrTransactions)
    .where(opts.before ? lt(ivrTransactions.createdAt, opts.before) : undefined)
    .orderBy(desc(ivrTransactions.createdAt))
    .limit(Math.min(opts.limit ?? 50, 200));
}

/** Cancel a transaction nobody has paid. */
export async function cancelIvrTransaction(transId: string): Promise<IvrTransaction> {
  if (!isTransId(transId)) throw new DomainError("not_found", "No such IVR transaction");
  const [row] = await db()
    .update(ivrTransactions)
    .set({ status: "canceled" })
    .where(and(eq(ivrTransactions.transId, transId), sql`${ivrTransactions.status} in ('pending', 'failed')`))
    .returning();
  if (row) return row;
  const existing = await getIvrTransaction(transId);
  if (!existing) throw new DomainError("not_found", "No such IVR transaction");
  throw new DomainError("invalid_request", `The transaction is ${existing.status}`, { trans_id: [`is ${existing.status}`] });
}

async function expireIfDue(transId: string, database: DbExecutor = db()): Promise<void> {
  await database
    .update(ivrTransactions)
    .set({ status: "expired" })
    .where(and(eq(ivrTransactions.transId, transId), eq(ivrTransactions.status, "pending"), lt(ivrTransactions.expiresAt, new Date())));
}

let attemptLimit: Limit | undefined;
function attempts(): Limit {
  const points = env().IVR_CARD_ATTEMPTS_PER_MINUTE;
  if (attemptLimit?.rule.points !== points) attemptLimit = new Limit({ name: "ivr-card-attempts", points, windowSeconds: 60 });
  return attemptLimit;
}

/** Why a trans_id cannot be paid, in the words seed 000's clients get under `trans_id`. */
function notPayable(row: IvrTransaction | undefined): DomainError | null {
  const refuse = (message: string) => new DomainError("invalid_request", message, { trans_id: [message] });
  if (!row) return refuse("No transaction with this trans_id.");
  if (row.status === "expired" || (row.status === "pending" && row.expiresAt < new Date())) return refuse("This transaction has expired.");
  if (row.status === "canceled") return refuse("This transaction was canceled.");
  if (row.status === "failed" && row.failedAttempts >= MAX_FAILED_ATTEMPTS) return refuse("This transaction failed too many times; create a new one.");
  return null;
}

/**
 * Pay a transaction with a keyed card, once. The transaction row is locked for the whole attempt,
 * so a second call with the same trans_id waits and then sees the outcome: after a success it
 * gets the same success and nothing is charged again. Each attempt's PaymentIntent has an
 * idempotency key from the transaction and the attempt number (never from the request), and is
 * confirmed at once, off-session: a phone payment cannot do a 3-D Secure challenge, so a card
 * that needs one is refused (authentication_required). Refused cards count against the
 * transaction (5, then failed for good) and the caller's per-minute attempt limit.
 */
export async function payIvrTransaction(transId: string, card: KeyedCard, by: IvrCaller): Promise<IvrTransaction> {
  const wait = await attempts().take(ivrCallerKey(by));
  if (wait !== null) throw new RateLimitedError(`Too many card attempts. Try again in ${wait} seconds.`, wait);
  if (!isTransId(transId)) throw notPayable(undefined)!;
  await expireIfDue(transId);

  const outcome = await db().transaction(async (tx) => {
    const [row] = await tx.select().from(ivrTransactions).where(eq(ivrTransactions.transId, transId)).for("update");
    if (row?.status === "succeeded") return { row };
    const refusal = notPayable(row);
    if (refusal) return { error: refusal };
    if (row.orderId) {
      const order = await getOrder(row.orderId, tx);
      if (!order || !isOpen(order.status)) {
        const [closed] = await tx.update(ivrTransactions).set({ status: "canceled", lastError: "order_not_open" }).where(eq(ivrTransactions.id, row.id)).returning();
        return { row: closed, error: new DomainError("invalid_request", "The order is no longer open for payment.", { trans_id: ["names an order that is no longer open"] }) };
      }
    }
    const attempt = row.attempts + 1;
    const stripe = getStripe();
    try {
      const pm = await stripe.paymentMethods.create({ type: "card", card: { number: card.number, exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc } });
      const pi = await stripe.paymentIntents.create(
        {
          amount: row.amount,
          currency: row.currency,
          payment_method: pm.id,
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          confirm: true,
          off_session: true,
          description: row.description ?? `Phone payment ${row.transId}`,
          metadata: { ivr_trans_id: row.transId, ...(row.orderId ? { order_id: row.orderId } : {}) },
        },
        { idempotencyKey: `cashline-ivr-${row.id}-${attempt}` },
      );
      const cardDetails = { cardBrand: pm.card?.brand ?? null, cardLast4: pm.card?.last4 ?? null, cardExpMonth: pm.card?.exp_month ?? null, cardExpYear: pm.card?.exp_year ?? null };
      if (pi.status !== "succeeded") {
        const [updated] = await tx
          .update(ivrTransactions)
          .set({ attempts: attempt, failedAttempts: row.failedAttempts + 1, status: "failed", lastError: pi.status, paymentIntentId: pi.id, ...cardDetails })
          .where(eq(ivrTransactions.id, row.id))
          .returning();
        return { row: updated, error: new DomainError("authentication_required", "This card needs authentication, which a phone payment cannot do.") };
      }
      const [paid] = await tx
        .update(ivrTransactions)
        .set({ attempts: attempt, status: "succeeded", lastError: null, paymentIntentId: pi.id, succeededAt: new Date(), ...cardDetails })
        .where(eq(ivrTransactions.id, row.id))
        .returning();
      await bookOrderPayment(paid, pi, tx);
      return { row: paid };
    } catch (err) {
      const failure = classifyStripeError(err);
      if (failure?.kind !== "card") throw err;
      const code = failure.declineCode ?? failure.code ?? "card_declined";
      const failedAttempts = row.failedAttempts + 1;
      const piId = (err as { payment_intent?: { id?: string } }).payment_intent?.id;
      const [updated] = await tx
        .update(ivrTransactions)
        .set({ attempts: attempt, failedAttempts, status: "failed", lastError: code, ...(piId ? { paymentIntentId: piId } : {}) })
        .where(eq(ivrTransactions.id, row.id))
        .returning();
      const error =
        code === "authentication_required"
          ? new DomainError("authentication_required", failure.message)
          : new CardDeclinedError<IvrTransaction>(failure.message, code, updated);
      return { row: updated, error };
    }
  });
  if (outcome.error) throw outcome.error;
  return outcome.row!;
}

/** A paid transaction's order becomes paid through the order state machine; a second payment is flagged. */
async function bookOrderPayment(row: IvrTransaction, pi: Stripe.PaymentIntent, database: DbExecutor): Promise<void> {
  if (!row.orderId) return;
  const booked = await markOrderPaid(row.orderId, `paid by phone (IVR transaction ${row.transId})`, database);
  if (booked) return;
  const order = await getOrder(row.orderId, database);
  if (order && isSettled(order.status)) {
    log.error({ transId: row.transId, orderId: row.orderId, paymentIntent: pi.id }, "phone payment for an order that was already paid");
    await flagPayment(
      { orderId: row.orderId, paymentIntentId: pi.id, reason: "duplicate_payment", detail: `Phone payment ${row.transId} arrived for an order already paid`, amount: pi.amount, currency: pi.currency },
      database,
    );
  }
}

/**
 * What a PaymentIntent of the IVR bridge (metadata.ivr_trans_id) means, for webhooks and
 * reconciliation: a succeeded one makes its transaction succeeded (and its order paid) even if
 * the call that charged it never recorded it, e.g. after a crash. Never moves a transaction back.
 */
export async function applyIvrPaymentIntent(pi: Stripe.PaymentIntent): Promise<void> {
  if (pi.status !== "succeeded" || !pi.metadata?.ivr_trans_id) return;
  if (!isTransId(pi.metadata.ivr_trans_id)) return;
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(ivrTransactions).where(eq(ivrTransactions.transId, pi.metadata.ivr_trans_id)).for("update");
    if (!row || row.status === "succeeded") return;
    if (pi.amount !== row.amount || pi.currency !== row.currency) {
      await flagPayment({ orderId: row.orderId, paymentIntentId: pi.id, reason: "amount_mismatch", detail: `Phone payment ${row.transId} is ${row.amount} ${row.currency}`, amount: pi.amount, currency: pi.currency }, tx);
      return;
    }
    const [paid] = await tx
      .update(ivrTransactions)
      .set({ status: "succeeded" as IvrTransactionStatus, paymentIntentId: pi.id, succeededAt: new Date(), lastError: null })
      .where(eq(ivrTransactions.id, row.id))
      .returning();
    await bookOrderPayment(paid, pi, tx);
  });
}
