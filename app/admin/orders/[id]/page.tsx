import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { RefundForm } from "@/components/admin/refund-form";
import { OrderStatusBadge } from "@/components/account/order-status-badge";
import { OrderShipping } from "@/components/orders/order-shipping";
import { listEmailsForOrder } from "@/lib/email";
import { formatMoney } from "@/lib/money";
import { getOrder, listReviewsForOrder, orderHistory, orderReference } from "@/lib/orders";
import { listRefundsForOrder, refundableAmount } from "@/lib/refunds";
import { orderShippingSummary } from "@/lib/shipping";
import { latestChargeId, stripeDashboardLinks } from "@/lib/stripe/server";
import { listEventsForPaymentIntent } from "@/lib/webhooks";
import { refundOrderAction } from "./actions";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

type TimelineEntry = { at: Date; kind: "status" | "webhook" | "email"; text: string; href?: string; detail?: string };

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const order = await getOrder(id);
  if (!order) notFound();
  const [history, mails, refunds, refundable, events, chargeId, reviews] = await Promise.all([
    orderHistory(order.id),
    listEmailsForOrder(order.id),
    listRefundsForOrder(order.id),
    refundableAmount(order),
    order.paymentIntentId ? listEventsForPaymentIntent(order.paymentIntentId) : Promise.resolve([]),
    order.paymentIntentId ? latestChargeId(order.paymentIntentId) : Promise.resolve(null),
    listReviewsForOrder(order.id),
  ]);
  const links = stripeDashboardLinks({ paymentIntent: order.paymentIntentId, charge: chargeId });
  const money = (n: number) => formatMoney(n, order.currency);
  const timeline: TimelineEntry[] = [
    { at: order.createdAt, kind: "status" as const, text: "Order created (pending)" },
    ...history.map((h) => ({ at: h.createdAt, kind: "status" as const, text: `${h.fromStatus} → ${h.toStatus}`, detail: h.reason ?? undefined })),
    ...events.map((e) => ({ at: e.receivedAt, kind: "webhook" as const, text: `${e.type} (${e.status}, ${e.attempts} attempt${e.attempts === 1 ? "" : "s"})`, href: `/admin/webhooks/${e.id}`, detail: e.lastError ?? undefined })),
    ...mails.map((m) => ({ at: m.createdAt, kind: "email" as const, text: `Email “${m.subject}” to ${m.to} (${m.status})`, detail: m.kind })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  return (
    <div className="space-y-8">
      <Breadcrumbs items={[{ label: "Orders", href: "/admin/orders" }, { label: orderReference(order.number) }]} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Order {orderReference(order.number)}</h1>
        <OrderStatusBadge status={order.status} />
      </div>

      {reviews.length > 0 ? (
        <section aria-labelledby="reviews-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <h2 id="reviews-heading" className="mb-2 font-semibold text-amber-900">
            Needs an operator
          </h2>
          <ul className="list-disc space-y-1 pl-5">
            {reviews.map((r) => (
              <li key={r.id}>
                <span className="font-medium">{r.reason.replaceAll("_", " ")}</span>: {r.detail} ({formatMoney(r.amount, r.currency)}, {when(r.createdAt)} UTC{r.resolvedAt ? ", resolved" : ""})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="summary-heading" className="grid gap-6 lg:grid-cols-2">
        <div>
          <h2 id="summary-heading" className="mb-3 text-lg font-semibold">
            Summary
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-stone-600">Customer</dt>
            <dd className="break-all">
              {order.email ?? "—"} {order.userId ? "(account)" : "(guest)"}
            </dd>
            <dt className="text-stone-600">Placed</dt>
            <dd>{when(order.createdAt)} UTC</dd>
            <dt className="text-stone-600">Paid</dt>
            <dd>{order.paidAt ? `${when(order.paidAt)} UTC` : "—"}</dd>
            <dt className="text-stone-600">Source</dt>
            <dd>{order.source}</dd>
            <dt className="text-stone-600">Total</dt>
            <dd className="tabular-nums">{money(order.amountTotal)}</dd>
            <dt className="text-stone-600">Refunded</dt>
            <dd className="tabular-nums" data-testid="amount-refunded">
              {money(order.amountRefunded)}
            </dd>
            <dt className="text-stone-600">PaymentIntent</dt>
            <dd className="font-mono text-xs">
              {order.paymentIntentId ? (
                links.paymentIntent ? (
                  <a href={links.paymentIntent} className="text-brand-700 underline" rel="noreferrer" target="_blank">
                    {order.paymentIntentId}
                  </a>
                ) : (
                  order.paymentIntentId
                )
              ) : (
                "—"
              )}
            </dd>
            <dt className="text-stone-600">Charge</dt>
            <dd className="font-mono text-xs">
              {chargeId && links.charge ? (
                <a href={links.charge} className="text-brand-700 underline" rel="noreferrer" target="_blank">
                  {chargeId}
                </a>
              ) : (
                (chargeId ?? "—")
              )}
            </dd>
            {order.lastPaymentError ? (
              <>
                <dt className="text-stone-600">Last payment error</dt>
                <dd>{order.lastPaymentError}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <div>
          <h2 className="mb-3 text-lg font-semibold">Items</h2>
          <table className="w-full text-left text-sm" aria-label="Items">
            <thead className="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" className="py-2">Item</th>
                <th scope="col" className="text-right">Unit</th>
                <th scope="col" className="text-right">Qty</th>
                <th scope="col" className="text-right">Amount</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((i) => (
                <tr key={i.id} className="border-b border-stone-100">
                  <td className="py-2">{i.name}</td>
                  <td className="text-right tabular-nums">{money(i.unitAmount)}</td>
                  <td className="text-right tabular-nums">{i.quantity}</td>
                  <td className="text-right tabular-nums">{money(i.unitAmount * i.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <OrderShipping {...orderShippingSummary(order)} />
        </div>
      </section>

      <section aria-labelledby="refunds-heading" className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <div>
          <h2 id="refunds-heading" className="mb-3 text-lg font-semibold">
            Refund
          </h2>
          {refundable > 0 ? (
            <RefundForm action={refundOrderAction} orderId={order.id} refundable={refundable} refundableText={money(refundable)} currency={order.currency} idempotencyKey={randomUUID()} />
          ) : (
            <p className="text-sm text-stone-600">{order.status === "refunded" ? "Refunded in full." : "Only paid orders can be refunded."}</p>
          )}
        </div>
        <div className="overflow-x-auto">
          <h2 className="mb-3 text-lg font-semibold">Refund history</h2>
          <table className="w-full text-left text-sm" aria-label="Refunds">
            <thead className="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" className="py-2">Date (UTC)</th>
                <th scope="col" className="text-right">Amount</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Stripe refund</th>
              </tr>
            </thead>
            <tbody>
              {refunds.length === 0 ? (
                <tr>
                  <td colSpan={6} className="py-4 text-stone-600">
                    No refunds.
                  </td>
                </tr>
              ) : (
                refunds.map((r) => (
                  <tr key={r.id} className="border-b border-stone-100" data-testid="refund-row">
                    <td className="py-2 whitespace-nowrap">{when(r.createdAt)}</td>
                    <td className="text-right tabular-nums">{formatMoney(r.amount, r.currency)}</td>
                    <td>{r.reason?.replaceAll("_", " ") ?? "—"}</td>
                    <td>
                      {r.status}
                      {r.failureReason ? <span className="block text-xs text-red-700">{r.failureReason}</span> : null}
                    </td>
                    <td className="break-all">{r.createdByEmail ?? (r.createdBy ? "a deleted user" : "on Stripe")}</td>
                    <td className="font-mono text-xs">{r.stripeRefundId ?? "—"}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">
          Timeline
        </h2>
        <ol className="space-y-2 border-l border-stone-200 pl-4 text-sm" data-testid="order-timeline">
          {timeline.map((t, i) => (
            <li key={i}>
              <span className="mr-2 font-mono text-xs text-stone-600">{when(t.at)}</span>
              <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">{t.kind}</span>
              {t.href ? (
                <Link href={t.href} className="text-brand-700 underline">
                  {t.text}
                </Link>
              ) : (
                t.text
              )}
              {t.detail ? <span className="ml-2 text-stone-600">— {t.detail}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
