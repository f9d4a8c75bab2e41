import type { OrderStatus } from "@/lib/orders/status";

const STYLES: Record<OrderStatus, string> = {
  pending: "bg-amber-50 text-amber-800 ring-amber-200",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  canceled: "bg-stone-100 text-stone-700 ring-stone-200",
  partially_refunded: "bg-sky-50 text-sky-800 ring-sky-200",
  refunded: "bg-sky-50 text-sky-800 ring-sky-200",
};

const LABELS: Record<OrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  failed: "Payment failed",
  canceled: "Canceled",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`} data-testid="order-status">
      {LABELS[status]}
    </span>
  );
}
