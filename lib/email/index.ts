import { and, asc, desc, eq, like, sql } from "drizzle-orm";
import { likeLiteral } from "@/db/like";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { emails, type Email } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { getOrder, type OrderWithItems } from "@/lib/orders";
import { renderPaymentFailed, renderReceipt, renderRefund, renderSubscriptionEmail, type RenderedEmail, type SubscriptionEmailData, type SubscriptionEmailKind } from "./templates";

/**
 * Payment emails. Writing is a background job ("emails" queue): the job renders the message,
 * stores it once under its dedupe key and, with SMTP_URL, sends it; without SMTP it stays in the
 * outbox table that the admin area shows.
 */
export type EmailKind = "receipt" | "payment_failed";
/** An order's email, rendered by the job; or a subscription's, rendered when its event is applied. */
/** Emails rendered when they are asked for (not from an order's job): subscriptions', accounts', refunds'. */
export type MessageKind = SubscriptionEmailKind | "password_reset" | "set_password" | "refund";
export type EmailJob = { kind: EmailKind; orderId: string; dedupeKey: string } | { kind: MessageKind | EmailKind; to: string; dedupeKey: string; message: RenderedEmail; orderId?: string };

export async function enqueueOrderEmail(kind: EmailKind, orderId: string, dedupeKey: string, opts: { startAfter?: Date } = {}): Promise<void> {
  await enqueue(QUEUES.emails, { kind, orderId, dedupeKey } satisfies EmailJob, { key: dedupeKey, ...opts });
}

/**
 * A declined card: one "payment failed" email per order, sent PAYMENT_FAILED_EMAIL_DELAY_MINUTES
 * later and only if the order is still unpaid then (see `stillWanted`). A shopper who retries
 * with another card and pays gets the receipt alone; one who leaves gets one reminder, however
 * many cards were refused (or however late an asynchronous debit failed).
 */
export async function schedulePaymentFailedEmail(orderId: string, now = new Date()): Promise<void> {
  const startAfter = new Date(now.getTime() + env().PAYMENT_FAILED_EMAIL_DELAY_MINUTES * 60_000);
  await enqueueOrderEmail("payment_failed", orderId, `payment_failed:${orderId}`, { startAfter });
}

/** Is an order's email still worth sending when its job runs? */
const stillWanted: Record<EmailKind, (order: OrderWithItems) => boolean> = {
  receipt: () => true,
  // Paid since (a retry worked), canceled or replaced: the shopper needs no "payment failed".
  payment_failed: (order) => order.status === "failed",
};

/** A subscription's email (started, renewal receipt, payment failed, canceled), once per dedupe key. */
export async function enqueueSubscriptionEmail(kind: SubscriptionEmailKind, to: string, dedupeKey: string, data: SubscriptionEmailData): Promise<void> {
  await enqueueMessage(kind, to, dedupeKey, renderSubscriptionEmail(kind, data));
}

/**
 * An email already rendered (a subscription's, a password reset link, a refund's, a resent copy),
 * once per dedupe key; `orderId` puts it on that order's timeline.
 */
export async function enqueueMessage(kind: MessageKind | EmailKind, to: string, dedupeKey: string, message: RenderedEmail, opts: { orderId?: string | null } = {}): Promise<void> {
  const job: EmailJob = { kind, to, dedupeKey, message, ...(opts.orderId ? { orderId: opts.orderId } : {}) };
  await enqueue(QUEUES.emails, job, { key: dedupeKey });
}

/**
 * A refund's email to the order's customer, once per refund (dedupe key `refund:<refund id>`),
 * rendered now: it states this refund's amount and what the order has been refunded in all.
 */
export async function enqueueRefundEmail(order: OrderWithItems, refund: { id: string; amount: number }, refundedTotal: number): Promise<void> {
  if (!order.email) return;
  await enqueueMessage("refund", order.email, `refund:${refund.id}`, renderRefund(order, refund.amount, refundedTotal), { orderId: order.id });
}

const renderers: Record<EmailKind, (order: OrderWithItems) => RenderedEmail> = {
  receipt: renderReceipt,
  payment_failed: renderPaymentFailed,
};

/** The job: render, store once, send once. Safe to run twice. */
export async function processEmailJob(job: EmailJob): Promise<Email | null> {
  let [email] = await db().select().from(emails).where(eq(emails.dedupeKey, job.dedupeKey)).limit(1);
  if (!email) {
    let row: typeof emails.$inferInsert;
    if ("message" in job) row = { dedupeKey: job.dedupeKey, kind: job.kind, to: job.to, orderId: job.orderId ?? null, ...job.message };
    else {
      const order = await getOrder(job.orderId);
      if (!order?.email) return null; // nobody to write to
      if (!stillWanted[job.kind](order)) return null;
      row = { dedupeKey: job.dedupeKey, kind: job.kind, to: order.email, orderId: order.id, ...renderers[job.kind](order) };
    }
    [email] = await db()
      .insert(emails)
      .values(row)
      .onConflictDoNothing({ target: emails.dedupeKey })
      .returning();
    email ??= (await db().select().from(emails).where(eq(emails.dedupeKey, job.dedupeKey)).limit(1))[0];
  }
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl || email.status === "sent") return email;
  await sendBySmtp(smtpUrl, email);
  const [sent] = await db().update(emails).set({ status: "sent", sentAt: new Date(), error: null }).where(eq(emails.id, email.id)).returning();
  return sent;
}

async function sendBySmtp(smtpUrl: string, email: Email): Promise<void> {
  // Well inside the job's 20 s expiry (lib/jobs/queue.ts): a send still hanging when pg-boss
  // retries the job elsewhere could deliver the email twice.
  const transport = nodemailer.createTransport(
    new SMTPTransport({ url: smtpUrl, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }),
  );
  try {
    await transport.sendMail({ from: env().EMAIL_FROM, to: email.to, subject: email.subject, html: email.html, text: email.text });
  } catch (err) {
    await db()
      .update(emails)
      .set({ error: err instanceof Error ? err.message : String(err) })
      .where(eq(emails.id, email.id));
    throw err; // the job is retried
  } finally {
    transport.close();
  }
}

/** The emails written about one order, oldest first (the admin order timeline). */
export async function listEmailsForOrder(orderId: string): Promise<Email[]> {
  return db().select().from(emails).where(eq(emails.orderId, orderId)).orderBy(asc(emails.createdAt));
}

/** The outbox's filters as the admin API takes them (`to`: one recipient's emails). */
export const emailsQuerySchema = z
  .object({
    to: z.email({ error: "must be an email address" }).max(254).optional(),
    cursor: z.uuid({ error: "must be a next_cursor from an earlier page" }).optional(),
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).optional(),
  })
  .strict();

/** The outbox for the admin area, newest first (keyset on (created_at, id): the cursor is the last row's id). */
export async function listEmailsPage(filter: { to?: string; cursor?: string; limit?: number } = {}): Promise<{ emails: Email[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 100);
  const rows = await db()
    .select()
    .from(emails)
    .where(
      and(
        filter.to ? eq(emails.to, filter.to) : undefined,
        filter.cursor ? sql`(${emails.createdAt}, ${emails.id}) < (select e.created_at, e.id from emails e where e.id = ${filter.cursor})` : undefined,
      ),
    )
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { emails: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export async function getEmail(id: string): Promise<Email | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db().select().from(emails).where(eq(emails.id, id)).limit(1);
  return row ?? null;
}

/**
 * Send a stored email again, through the same job as every email: a copy of the message under a
 * new dedupe key ("<original>:resend:<n>"), so it is stored (and sent, with SMTP) once more, and
 * a retried job still sends it once.
 */
export async function resendEmail(id: string): Promise<{ dedupeKey: string }> {
  const email = await getEmail(id);
  if (!email) throw new DomainError("not_found", "No such email");
  const base = email.dedupeKey.replace(/:resend:\d+$/, "");
  const [{ n }] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(emails)
    .where(like(emails.dedupeKey, `${likeLiteral(base)}:resend:%`));
  const dedupeKey = `${base}:resend:${Number(n) + 1}`;
  await enqueueMessage(email.kind as EmailKind | MessageKind, email.to, dedupeKey, { subject: email.subject, html: email.html, text: email.text }, { orderId: email.orderId });
  return { dedupeKey };
}


