import { adminOrdersQuerySchema, toAdminOrderFilter } from "@/lib/http/contracts/admin";
import { route } from "@/lib/http/route";
import { allOrdersForAdmin, type Order } from "@/lib/orders";

export const dynamic = "force-dynamic";

const COLUMNS = ["number", "created_at", "email", "customer", "status", "currency", "amount_total", "amount_refunded", "source", "payment_intent", "id"] as const;

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
function field(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(o: Order): string {
  return [o.number, o.createdAt.toISOString(), o.email, o.userId ? "user" : "guest", o.status, o.currency, o.amountTotal, o.amountRefunded, o.source, o.paymentIntentId, o.id].map(field).join(",") + "\r\n";
}

// GET /api/v1/admin/orders/export?status=&email=&from=&to=: the orders of the list's filter as CSV,
// streamed a page at a time (never the whole table in memory). Admins only (session or token).
export const GET = route({ auth: "admin", query: adminOrdersQuerySchema.omit({ cursor: true, limit: true }) }, async ({ query }) => {
  const orders = allOrdersForAdmin(toAdminOrderFilter(query));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(COLUMNS.join(",") + "\r\n"));
    },
    async pull(controller) {
      const { value, done } = await orders.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(line(value)));
    },
    async cancel() {
      await orders.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="orders-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
