import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { LocalTime } from "@/components/account/local-time";
import { OrderStatusBadge } from "@/components/account/order-status-badge";
import { OrderShipping } from "@/components/orders/order-shipping";
import { Price } from "@/components/shop/price";
import { getSessionUser } from "@/lib/auth/session";
import { getOrderForUser, orderReference } from "@/lib/orders";
import { orderShippingSummary } from "@/lib/shipping";

export const metadata: Metadata = { title: "Order", robots: NO_INDEX };
export const dynamic = "force-dynamic";

const PAYMENT_STATUS: Record<string, string> = {
  pending: "Awaiting payment",
  paid: "Paid",
  failed: "Payment failed",
  canceled: "Canceled",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
};

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/orders/${id}`)}`);
  // Someone else's order is "not found", so ids cannot be probed.
  const order = await getOrderForUser(id, user.id);
  if (!order) notFound();
  const paymentStatus = PAYMENT_STATUS[order.status];
  return (
    <article aria-labelledby="order-heading" className="mx-auto max-w-3xl">
      <Link href="/orders" className="text-sm text-brand-700 hover:underline">
        ← All orders
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 id="order-heading" className="text-3xl font-semibold tracking-tight">
          Order {orderReference(order.number)}
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="mt-1 text-sm text-stone-600">
        Placed <LocalTime value={order.createdAt} />
      </p>

      <table className="mt-6 w-full overflow-hidden rounded-xl border border-stone-200 bg-white text-sm">
        <caption className="sr-only">Items</caption>
        <thead className="bg-stone-50 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Item</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Price</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Qty</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {order.items.map((item) => (
            <tr key={item.id}>
              <td className="px-4 py-2">{item.name}</td>
              <td className="px-4 py-2 text-right"><Price amount={item.unitAmount} currency={order.currency} /></td>
              <td className="px-4 py-2 text-right">{item.quantity}</td>
              <td className="px-4 py-2 text-right"><Price amount={item.unitAmount * item.quantity} currency={order.currency} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-stone-200 font-medium">
          <tr>
            <th scope="row" colSpan={3} className="px-4 py-2 text-right">Total</th>
            <td className="px-4 py-2 text-right" data-testid="order-total"><Price amount={order.amountTotal} currency={order.currency} /></td>
          </tr>
          {order.amountRefunded > 0 ? (
            <tr>
              <th scope="row" colSpan={3} className="px-4 py-2 text-right">Refunded</th>
              <td className="px-4 py-2 text-right"><Price amount={order.amountRefunded} currency={order.currency} /></td>
            </tr>
          ) : null}
        </tfoot>
      </table>

      <OrderShipping {...orderShippingSummary(order)} />

      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 rounded-xl border border-stone-200 bg-white p-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-stone-600">Payment status</dt>
          <dd className="font-medium" data-testid="payment-status">{paymentStatus}</dd>
        </div>
        <div>
          <dt className="text-stone-600">Payment reference</dt>
          <dd className="font-mono text-xs break-all text-stone-600" data-testid="payment-intent">{order.paymentIntentId ?? "—"}</dd>
        </div>
        {order.paidAt ? (
          <div>
            <dt className="text-stone-600">Paid</dt>
            <dd>
              <LocalTime value={order.paidAt} />
            </dd>
          </div>
        ) : null}
        {order.lastPaymentError && order.status !== "paid" ? (
          <div className="sm:col-span-2">
            <dt className="text-stone-600">Last payment error</dt>
            <dd className="text-red-800">{order.lastPaymentError}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}
