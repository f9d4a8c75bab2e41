import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { OrderShipping } from "@/components/orders/order-shipping";
import { RefreshOnce } from "@/components/shop/refresh-once";
import { getSessionUser } from "@/lib/auth/session";
import { confirmCheckoutReturn } from "@/lib/checkout";
import { formatMoney } from "@/lib/money";
import { claimSignupPath, getOrderWithToken, isSettled, orderPath, orderReference, type OrderWithItems } from "@/lib/orders";
import { orderShippingSummary } from "@/lib/shipping";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Order confirmation", robots: NO_INDEX };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** What the page may say: only an order the system holds as paid is "payment received". */
type Settled = "paid" | "processing" | "review" | "failed";
type Outcome = { order: OrderWithItems; settled: Settled; message?: string };

function fromOrder(order: OrderWithItems, paymentIntent?: { status: string; last_payment_error?: { message?: string } | null }): Outcome {
  if (isSettled(order.status)) return { order, settled: "paid" };
  if (paymentIntent?.status === "succeeded") return { order, settled: "review" };
  if (paymentIntent?.status === "processing" || (!paymentIntent && order.status === "pending")) return { order, settled: "processing" };
  if (order.status === "canceled") return { order, settled: "failed", message: "This checkout was replaced or canceled, and nothing was charged for it." };
  const message = paymentIntent?.last_payment_error?.message ?? order.lastPaymentError ?? "Your payment was not completed.";
  return { order, settled: "failed", message };
}

/**
 * Stripe's return URL (`payment_intent`, `payment_intent_client_secret`, `redirect_status`): the
 * PaymentIntent is re-read on the server, never trusted from the query, and applied to the order;
 * the page then says what the order's state is. Guests come back later through
 * `?order=<id>&token=<token>` from their receipt.
 */
async function outcome(params: Record<string, string | string[] | undefined>): Promise<Outcome | null> {
  const user = await getSessionUser();
  const paymentIntentId = one(params.payment_intent);
  if (paymentIntentId) {
    const result = await confirmCheckoutReturn({ paymentIntentId, clientSecret: one(params.payment_intent_client_secret), userId: user?.id ?? null });
    return result ? fromOrder(result.order, result.paymentIntent) : null;
  }
  const orderId = one(params.order);
  const token = one(params.token);
  const order = orderId && token ? await getOrderWithToken(orderId, token) : null;
  return order ? fromOrder(order) : null;
}

const HEADLINES: Record<Exclude<Settled, "failed">, { kicker: string; title: string; amountLabel: string }> = {
  paid: { kicker: "Payment received", title: "Thank you for your order!", amountLabel: "Amount paid" },
  processing: { kicker: "Payment processing", title: "Thank you, your payment is on its way", amountLabel: "Amount" },
  review: { kicker: "Payment being checked", title: "We received a payment and are checking it", amountLabel: "Amount" },
};

export default async function CheckoutCompletePage({ searchParams }: Props) {
  const result = await outcome(await searchParams);
  if (!result) {
    return (
      <div className="mx-auto max-w-md py-12 text-center">
        <h1 className="text-3xl font-semibold tracking-tight">We couldn&apos;t find that payment</h1>
        <p className="mt-3 text-stone-600">The link may be incomplete. Your cart is unchanged.</p>
        <Link href="/cart" className="mt-6 inline-block font-medium text-brand-700 underline">
          Back to your cart
        </Link>
      </div>
    );
  }

  const { order, settled } = result;
  if (settled === "failed") {
    return (
      <div className="mx-auto max-w-md py-12 text-center">
        <h1 className="text-3xl font-semibold tracking-tight">Payment not completed</h1>
        <p role="alert" className="mt-3 text-stone-700">
          {result.message}
        </p>
        <Link href="/checkout" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white">
          Try another card
        </Link>
      </div>
    );
  }

  const amount = formatMoney(order.amountTotal, order.currency);
  const headline = HEADLINES[settled];
  return (
    <div className="mx-auto max-w-lg py-10">
      <RefreshOnce />
      <p className="text-sm font-semibold text-brand-700">{headline.kicker}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{headline.title}</h1>
      {settled === "review" ? (
        <p className="mt-3 text-stone-700">
          Our team checks it before the order is confirmed, and we will email you about it.
        </p>
      ) : null}
      <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-stone-200 bg-white p-6 text-sm">
        <dt className="text-stone-500">Order number</dt>
        <dd data-testid="order-number" className="font-medium">
          {orderReference(order.number)}
        </dd>
        <dt className="text-stone-500">{headline.amountLabel}</dt>
        <dd data-testid="amount-paid" className="font-medium">
          {amount}
        </dd>
        <dt className="text-stone-500">Payment reference</dt>
        <dd data-testid="payment-intent-id" className="font-mono text-xs break-all">
          {order.paymentIntentId}
        </dd>
        {order.email ? (
          <>
            <dt className="text-stone-500">Receipt to</dt>
            <dd>{order.email}</dd>
          </>
        ) : null}
      </dl>
      <ul role="list" className="mt-6 text-sm text-stone-700">
        {order.items.map((i) => (
          <li key={i.id}>
            {i.name} × {i.quantity}
          </li>
        ))}
      </ul>
      <OrderShipping {...orderShippingSummary(order)} />
      <div className="mt-8 flex gap-4">
        <Link href="/" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Continue shopping
        </Link>
        <Link href={orderPath(order)} className="rounded-lg border border-stone-300 px-4 py-2 font-medium">
          View order
        </Link>
      </div>
      {order.userId ? null : (
        <p className="mt-6 rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
          <Link href={claimSignupPath(order)} className="font-medium text-brand-700 underline">
            Create an account to track this order
          </Link>{" "}
          — it will be saved under Your orders.
        </p>
      )}
    </div>
  );
}
