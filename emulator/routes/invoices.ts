/** `/v1/invoices`: the subscriptions' invoices; retrieve, list, pay, create_preview. `/v1/invoiceitems`: retrieve, list. */
import { addInterval, applyItemChanges, draftInvoice, invoiceLine, invoicePaid, invoiceSubscription, isEnded, planItemChanges } from "../billing";
import { tryConfirm } from "../card-network";
import type { Engine } from "../engine";
import { invalidRequest, StripeApiError } from "../errors";
import { S, validate, type Parsed } from "../params";
import { checkOwnable, findPaymentMethod, own } from "../payment-methods";
import { lineFromInvoiceItem, pendingItems, prorationItems, prorationTime } from "../prorations";
import { randomId, type Obj } from "../store";
import { listRoute, retrieveRoute, type Router } from "./factory";

const ITEM = S.obj({ id: S.str(), price: S.str(), quantity: S.int({ min: 1 }), deleted: S.bool(), metadata: S.metadata() });

const PREVIEW = {
  customer: S.str(),
  subscription: S.str(),
  subscription_details: S.obj({
    items: S.arr(ITEM),
    proration_behavior: S.str({ enum: ["always_invoice", "create_prorations", "none"] }),
    proration_date: S.int({ min: 0 }),
  }),
  automatic_tax: S.obj({ enabled: S.bool() }),
};

/** Stripe's 404 when there is nothing upcoming to preview. */
function noUpcoming(customer: string): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No upcoming invoices for customer: ${customer}`, { code: "invoice_upcoming_none" });
}

/**
 * `POST /v1/invoices/create_preview`: the invoice a subscription would have, changing nothing.
 * With `subscription_details[items]` the change's prorations (at `proration_date`, else now);
 * `always_invoice` previews the invoice the change would create at once (the prorations alone),
 * otherwise the next renewal's: pending invoice items, the prorations, then the next period at
 * the new prices. An `upcoming_in_` id, never stored, never listed.
 */
function previewInvoice(e: Engine, p: Parsed<typeof PREVIEW>): Obj {
  if (!p.customer && !p.subscription) throw invalidRequest("Missing required param: customer.", "customer", "parameter_missing");
  const customer = p.customer ? e.get(p.customer, "customer", "customer") : null;
  let stored: Obj | undefined;
  if (p.subscription) {
    stored = e.get(p.subscription, "subscription", "subscription");
    if (customer && stored.customer !== customer.id) {
      throw invalidRequest(`The subscription ${stored.id} does not belong to the customer ${customer.id}.`, "subscription");
    }
  } else {
    stored = e.store.all("subscription", `customer=${customer!.id}`).find((s) => s.customer === customer!.id && !isEnded(s));
  }
  const details = p.subscription_details;
  if (details?.items && !p.subscription) {
    throw invalidRequest("The emulator previews changes to an existing subscription only: pass `subscription`.", "subscription");
  }
  if (!stored || isEnded(stored)) throw noUpcoming(customer?.id ?? stored?.customer ?? "");
  const sub = structuredClone(stored);
  const changes = details?.items ? planItemChanges(e, sub, details.items, "subscription_details[items]") : null;
  for (const [i, change] of (changes ?? []).entries()) {
    if (change.kind === "delete" || !change.price) continue;
    if (change.price.type !== "recurring") {
      throw invalidRequest("The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", `subscription_details[items][${i}][price]`);
    }
    if (change.price.currency !== sub.currency) throw invalidRequest("All prices on a subscription must have the same `currency`.", `subscription_details[items][${i}][price]`);
  }
  const at = changes ? prorationTime(e, sub, details?.proration_date, "subscription_details[proration_date]") : undefined;
  const id = `upcoming_in_${randomId(24)}`;
  let prorations: Obj[] = [];
  if (changes) {
    applyItemChanges(e, sub, changes, false);
    if (details?.proration_behavior !== "none") prorations = prorationItems(e, sub, stored.items.data, at!);
  }
  if (details?.proration_behavior === "always_invoice" && prorations.length > 0) {
    const lines = prorations.map((ii) => lineFromInvoiceItem(ii, id));
    return draftInvoice(e, sub, "subscription_update", lines, { id, periodStart: at!, periodEnd: at!, created: at, preview: true, prorationDate: at });
  }
  const first = sub.items.data[0];
  const start: number = first.current_period_end;
  const end = addInterval(start, first.price.recurring.interval, first.price.recurring.interval_count);
  const pending = [...pendingItems(e, sub.id), ...prorations];
  const lines = [...pending.map((ii) => lineFromInvoiceItem(ii, id)), ...sub.items.data.map((si: Obj) => invoiceLine(e, sub, si, id, start, end, false))];
  return draftInvoice(e, sub, "subscription_cycle", lines, { id, periodStart: first.current_period_start, periodEnd: start, created: start, preview: true, prorationDate: at });
}

export function invoiceRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/invoices/create_preview", (ctx) => {
    const p = validate(ctx.params, PREVIEW);
    return e.render(previewInvoice(e, p), p.expand);
  });

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

  retrieveRoute(r, e, "/v1/invoiceitems", "invoiceitem");

  listRoute(
    r,
    e,
    "/v1/invoiceitems",
    "invoiceitem",
    { customer: S.str(), invoice: S.str(), pending: S.bool() },
    (p) => (o) => (!p.customer || o.customer === p.customer) && (!p.invoice || o.invoice === p.invoice) && (p.pending === undefined || (o.invoice === null) === p.pending),
    ["customer"],
  );
}
