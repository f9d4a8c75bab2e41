import type { Metadata } from "next";
import { NO_INDEX } from "@/lib/seo";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LocalTime } from "@/components/account/local-time";
import { OrderStatusBadge } from "@/components/account/order-status-badge";
import { Price } from "@/components/shop/price";
import { getSessionUser } from "@/lib/auth/session";
import { listOrdersForUser, orderReference, shopperListing, type OrderWithItems } from "@/lib/orders";

export const metadata: Metadata = { title: "Your orders", robots: NO_INDEX };
export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=/orders");
  const all = await listOrdersForUser(user.id);
  // Declined or abandoned attempts are not orders: the ones that can still be paid are listed
  // apart, and the ones closed without payment not at all (lib/orders/status.ts).
  const placed = all.filter((o) => shopperListing(o.status) === "placed");
  const unfinished = all.filter((o) => shopperListing(o.status) === "unfinished");
  return (
    <section aria-labelledby="orders-heading" className="mx-auto max-w-3xl">
      <h1 id="orders-heading" className="text-3xl font-semibold tracking-tight">
        Your orders
      </h1>
      {placed.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          No orders yet.{" "}
          <Link href="/" className="font-medium text-brand-700 hover:underline">
            Browse the shop
          </Link>
        </p>
      ) : (
        <OrderList label="Orders" orders={placed} />
      )}
      {unfinished.length > 0 ? (
        <section aria-labelledby="unfinished-heading" className="mt-10">
          <h2 id="unfinished-heading" className="text-lg font-semibold">
            Not completed
          </h2>
          <p className="mt-1 text-sm text-stone-600">
            Checkouts that were not paid. Nothing was charged; your cart still holds what you chose.{" "}
            <Link href="/checkout" className="font-medium text-brand-700 hover:underline">
              Go to checkout
            </Link>
          </p>
          <OrderList label="Not completed" orders={unfinished} />
        </section>
      ) : null}
    </section>
  );
}

function OrderList({ label, orders }: { label: string; orders: OrderWithItems[] }) {
  return (
    <ul role="list" aria-label={label} className="mt-4 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
      {orders.map((order) => {
        const count = order.items.reduce((n, i) => n + i.quantity, 0);
        return (
          <li key={order.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
            <div>
              <Link href={`/orders/${order.id}`} className="font-medium text-stone-900 hover:text-brand-700">
                Order {orderReference(order.number)}
              </Link>
              <p className="text-sm text-stone-600">
                <LocalTime value={order.createdAt} /> · {count} item{count === 1 ? "" : "s"}
              </p>
            </div>
            <div className="flex items-center gap-3">
              <OrderStatusBadge status={order.status} />
              <Price amount={order.amountTotal} currency={order.currency} className="font-medium" />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
