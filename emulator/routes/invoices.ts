/** `/v1/invoices`: the subscriptions' invoices; retrieve, list, pay. */
import { invoicePaid, invoiceSubscription } from "../billing";
import { tryConfirm } from "../card-network";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { S, validate } from "../params";
import { checkOwnable, findPaymentMethod, own } from "../payment-methods";
import { listRoute, retrieveRoute, type Router } from "./factory";

export function invoiceRoutes(r: Router, e: Engine): void {
  retrieveRoute(r, e, "/v1/invoices", "invoice");

  listRoute(
    r,
    e,
    "/v1/invoices",
    "invoice",
    { customer: S.str(), subscription: S.str(), status: S.str({ enum: ["draft", "open", "paid", "uncollectible", "void"] }), collection_method: S.str() },
    (p) => (o) =>
      (!p.customer || o.customer === p.customer) && (!p.subscription || o.parent?.subscription_details?.subscription === p.subscription) && (!p.status || o.status === p.status),
  );

  r.on("POST", "/v1/invoices/:id/pay", (ctx, [id]) => {
    const p = validate(ctx.params, { payment_method: S.str(), off_session: S.bool(), paid_out_of_band: S.bool() });
    const invoice = e.get(id, "invoice");
    if (invoice.status !== "open") throw invalidRequest(`Invoice is already ${invoice.status}.`, undefined, "invoice_not_editable");
    if (p.paid_out_of_band) {
      e.checkExpand(invoice, p.expand);
      invoicePaid(e, invoice, null);
      return e.render(invoice, p.expand);
    }
    const pi = e.get(invoice.payments?.data?.[0]?.payment?.payment_intent, "payment_intent");
    const given = p.payment_method ? findPaymentMethod(e, p.payment_method, "payment_method") : null;
    if (given) checkOwnable(given, invoice.customer, "payment_method");
    const pm = given?.pm.id ?? pi.payment_method ?? invoiceSubscription(e, invoice)?.default_payment_method ?? e.store.get(invoice.customer)?.invoice_settings?.default_payment_method ?? null;
    if (!pm) throw invalidRequest("This customer has no attached payment source or default payment method.", "payment_method", "invoice_no_customer_line_items");
    e.checkExpand(invoice, p.expand);
    if (given) own(e, given, invoice.customer, "payment_method");
    // A decline is recorded on the invoice and its intent, and answered with the 402.
    const error = tryConfirm(e, pi, { offSession: p.off_session !== false, paymentMethod: pm });
    if (error) throw error;
    return e.render(e.get(id, "invoice"), p.expand);
  });
}
