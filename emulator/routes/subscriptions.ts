/** `/v1/subscriptions`: create (payment behaviours), retrieve, update, cancel (DELETE), list. Lifecycle in emulator/billing.ts. */
import {
  addInterval,
  applyItemChanges,
  cancelSubscription,
  createItemsInvoice,
  createSubscriptionInvoice,
  invoiceAttemptFailed,
  invoicePaid,
  isEnded,
  periodEnd,
  planItemChanges,
  subscriptionItem,
  subtotal,
} from "../billing";
import { outcomeOf, tryConfirm } from "../card-network";
import type { Engine } from "../engine";
import { invalidRequest, StripeApiError } from "../errors";
import { S, validate } from "../params";
import { checkOwnedBy, findPaymentMethod, type CardRef } from "../payment-methods";
import { prorationItems, prorationTime } from "../prorations";
import { newId, nowSeconds, type Obj } from "../store";
import { listRoute, retrieveRoute, type Router } from "./factory";

const CREATE = {
  customer: S.str({ required: true }),
  items: S.arr(S.obj({ price: S.str(), quantity: S.int({ min: 1 }), metadata: S.metadata() }), { required: true }),
  default_payment_method: S.str(),
  payment_behavior: S.str({ enum: ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] }),
  metadata: S.metadata(),
  description: S.str({ max: 500 }),
  cancel_at_period_end: S.bool(),
  collection_method: S.str({ enum: ["charge_automatically"] }),
  off_session: S.bool(),
  payment_settings: S.obj({ save_default_payment_method: S.str({ enum: ["off", "on_subscription"] }), payment_method_types: S.arr(S.str()), payment_method_options: S.any() }),
  proration_behavior: S.str(),
  trial_period_days: S.int({ min: 1, max: 730 }),
  trial_end: S.any(),
};

const UPDATE = {
  cancel_at_period_end: S.bool(),
  default_payment_method: S.str({ nullable: true }),
  metadata: S.metadata(),
  description: S.str({ nullable: true }),
  items: S.arr(S.obj({ id: S.str(), price: S.str(), quantity: S.int({ min: 1 }), deleted: S.bool(), metadata: S.metadata() })),
  proration_behavior: S.str({ enum: ["always_invoice", "create_prorations", "none"] }),
  proration_date: S.int({ min: 0 }),
  payment_behavior: S.str({ enum: ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] }),
  off_session: S.bool(),
  cancel_at: S.any(),
};

const NO_PAYMENT_METHOD =
  "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.";

/** Everything a subscription starts with; `items` are already built (see `subscriptionItem`). */
interface SubscriptionInput {
  id: string;
  customer: string;
  currency: string;
  start: number;
  items: Obj[];
  defaultPaymentMethod: string | null;
  description: string | null;
  saveDefaultPaymentMethod: "off" | "on_subscription";
}

function newSubscription(s: SubscriptionInput): Obj {
  const sub: Obj = {
    id: s.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: s.start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: s.start,
    currency: s.currency,
    customer: s.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: s.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: s.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: { object: "list", data: s.items, has_more: false, total_count: s.items.length, url: `/v1/subscription_items?subscription=${s.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: s.saveDefaultPaymentMethod },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: s.start,
    status: "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
  return sub;
}

const REQUIRES_ACTION =
  "Payment for this subscription requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with `subscription.latest_invoice`. Additional information is available here: https://docs.stripe.com/billing/subscriptions/overview#requires-action";

/** `trial_end` (a future Unix timestamp, or `now` for none) or `trial_period_days` from `start`: the trial's end, or null. */
function trialEndOf(p: { trial_end?: unknown; trial_period_days?: number }, start: number): number | null {
  if (p.trial_end !== undefined && p.trial_period_days !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: trial_end, trial_period_days.", "trial_end");
  }
  if (p.trial_period_days !== undefined) return start + p.trial_period_days * 86400;
  if (p.trial_end === undefined || p.trial_end === "now") return null;
  const end = typeof p.trial_end === "string" && /^\d+$/.test(p.trial_end) ? Number(p.trial_end) : NaN;
  if (!Number.isSafeInteger(end) || end <= start) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end", "parameter_invalid_integer");
  }
  return end;
}

/**
 * `error_if_incomplete`: the 402 the first invoice's payment would end in, found before anything is
 * created (Stripe then creates no subscription): the card's decline, or 3-D Secure to complete.
 */
function firstPaymentError(e: Engine, ref: CardRef, offSession: boolean): StripeApiError | null {
  const behaviour = ref.stored && e.meta(ref.pm.id).failNext ? "decline_generic" : ref.behaviour;
  const outcome = outcomeOf(e, ref.pm, behaviour, { offSession, authenticated: false, forInvoice: true });
  if (outcome.kind === "decline") {
    return new StripeApiError(402, "card_error", outcome.decline.message, { code: outcome.decline.code, decline_code: outcome.decline.decline_code });
  }
  if (outcome.kind === "requires_action") return new StripeApiError(402, "card_error", REQUIRES_ACTION, { code: "subscription_payment_intent_requires_action" });
  return null;
}

/** The recurring, active prices of `items[]`, all in one currency and on one interval. */
function subscriptionPrices(e: Engine, items: { price?: string }[]): Obj[] {
  if (items.length === 0) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
  const prices = items.map((item, i) => {
    if (!item.price) throw invalidRequest(`Missing required param: items[${i}][price].`, `items[${i}][price]`, "parameter_missing");
    const price = e.get(item.price, "price", `items[${i}][price]`);
    if (price.type !== "recurring") {
      throw invalidRequest("The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", `items[${i}][price]`);
    }
    if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, `items[${i}][price]`);
    return price;
  });
  const { currency, recurring } = prices[0];
  for (const [i, pr] of prices.entries()) {
    if (pr.currency !== currency) throw invalidRequest("All prices on a subscription must have the same `currency`.", `items[${i}][price]`);
    if (pr.recurring.interval !== recurring.interval || pr.recurring.interval_count !== recurring.interval_count) {
      throw invalidRequest("All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.", `items[${i}][price]`);
    }
  }
  return prices;
}

/** A new price for an existing subscription: its currency and interval (Stripe refuses a mix). */
function checkSameTerms(sub: Obj, price: Obj, param: string): void {
  const first = sub.items.data[0]?.price;
  if (!first) return;
  if (price.currency !== sub.currency) throw invalidRequest("All prices on a subscription must have the same `currency`.", param);
  if (price.recurring.interval !== first.recurring.interval || price.recurring.interval_count !== first.recurring.interval_count) {
    throw invalidRequest("All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.", param);
  }
}

/** `default_incomplete` leaves a charged update's invoice for the customer to pay: past_due until then. */
function markPastDue(e: Engine, sub: Obj): void {
  if (sub.status !== "active") return;
  sub.status = "past_due";
  e.touch();
  e.emit("customer.subscription.updated", sub, { status: "active" });
}

export function subscriptionRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/subscriptions", (ctx) => {
    const p = validate(ctx.params, CREATE);
    const customer = e.get(p.customer, "customer", "customer");
    const prices = subscriptionPrices(e, p.items);
    const dpm = p.default_payment_method ? findPaymentMethod(e, p.default_payment_method, "default_payment_method") : null;
    if (dpm) checkOwnedBy(dpm, p.default_payment_method!, customer.id, "default_payment_method");
    const defaultPm: string | null = dpm?.pm.id ?? null;
    const behaviour = p.payment_behavior ?? "allow_incomplete";
    const start = nowSeconds();
    const trialEnd = trialEndOf(p, start);
    // During a trial the first period runs to the trial's end.
    const end = trialEnd ?? addInterval(start, prices[0].recurring.interval, prices[0].recurring.interval_count);
    const id = newId("sub");
    const items = p.items.map((item, i) => subscriptionItem(e, id, prices[i], item.quantity ?? 1, start, end, item.metadata));
    const sub = newSubscription({
      id,
      customer: customer.id,
      currency: prices[0].currency,
      start,
      items,
      defaultPaymentMethod: defaultPm,
      description: p.description ?? null,
      saveDefaultPaymentMethod: p.payment_settings?.save_default_payment_method ?? "off",
    });
    e.applyMetadata(sub, p.metadata);
    const chargeablePm = defaultPm ?? customer.invoice_settings?.default_payment_method ?? null;
    const due = trialEnd === null && subtotal(sub) > 0;
    if (behaviour !== "default_incomplete" && !chargeablePm && due) throw invalidRequest(NO_PAYMENT_METHOD, undefined, "resource_missing");
    if (behaviour === "error_if_incomplete" && due && chargeablePm) {
      const error = firstPaymentError(e, dpm ?? findPaymentMethod(e, chargeablePm, "default_payment_method"), p.off_session === true);
      if (error) throw error;
    }
    e.checkExpand(sub, p.expand);
    // Everything checked: apply.
    e.insert(sub);
    for (const si of items) e.insert(si);
    if (p.cancel_at_period_end) {
      sub.cancel_at_period_end = true;
      sub.cancel_at = end;
    }
    if (trialEnd !== null) {
      sub.status = "trialing";
      sub.trial_start = start;
      sub.trial_end = trialEnd;
      sub.billing_cycle_anchor = trialEnd;
    }
    e.emit("customer.subscription.created", sub);
    const { invoice, pi } = createSubscriptionInvoice(e, sub, "subscription_create", start, end, { trial: trialEnd !== null });
    if (pi && behaviour !== "default_incomplete") {
      tryConfirm(e, pi, { offSession: p.off_session === true, paymentMethod: chargeablePm });
    } else if (!pi) {
      invoicePaid(e, invoice, null);
    }
    return e.render(e.get(sub.id, "subscription"), p.expand);
  });

  retrieveRoute(r, e, "/v1/subscriptions", "subscription");

  r.on("POST", "/v1/subscriptions/:id", (ctx, [id]) => {
    const p = validate(ctx.params, UPDATE);
    const sub = e.get(id, "subscription");
    if (isEnded(sub)) throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, undefined, "resource_missing");
    const dpm = p.default_payment_method ? findPaymentMethod(e, p.default_payment_method, "default_payment_method") : null;
    if (dpm) checkOwnedBy(dpm, p.default_payment_method!, sub.customer, "default_payment_method");
    const itemChanges = p.items ? planItemChanges(e, sub, p.items) : null;
    for (const [i, change] of (itemChanges ?? []).entries()) {
      if (change.kind !== "delete" && change.price) checkSameTerms(sub, subscriptionPrices(e, [{ price: change.price.id }])[0], `items[${i}][price]`);
    }
    const prorationBehavior = p.proration_behavior ?? "create_prorations";
    const behaviour = p.payment_behavior ?? "allow_incomplete";
    if (behaviour === "pending_if_incomplete") {
      throw invalidRequest("The emulator does not support pending updates (payment_behavior=pending_if_incomplete).", "payment_behavior");
    }
    const prorationAt = itemChanges ? prorationTime(e, sub, p.proration_date, "proration_date") : null;
    // The prorations this change makes, found on a copy before anything changes (what is charged now).
    let prorations: Obj[] = [];
    if (itemChanges && prorationBehavior !== "none") {
      const copy = structuredClone(sub);
      applyItemChanges(e, copy, itemChanges, false);
      prorations = prorationItems(e, copy, sub.items.data, prorationAt!);
    }
    const invoiceNow = prorationBehavior === "always_invoice" && prorations.length > 0;
    const chargedNow = invoiceNow && prorations.reduce((sum, ii) => sum + ii.amount, 0) + (e.store.get(sub.customer)?.balance ?? 0) > 0;
    const chargeablePm: string | null =
      (p.default_payment_method === undefined ? sub.default_payment_method : (dpm?.pm.id ?? null)) ?? e.store.get(sub.customer)?.invoice_settings?.default_payment_method ?? null;
    if (chargedNow && behaviour === "error_if_incomplete") {
      if (!chargeablePm) throw invalidRequest(NO_PAYMENT_METHOD, undefined, "resource_missing");
      const error = firstPaymentError(e, dpm ?? findPaymentMethod(e, chargeablePm, "default_payment_method"), p.off_session === true);
      if (error) throw error;
    }
    e.checkExpand(sub, p.expand);
    // Everything checked: apply.
    const prev: Obj = {};
    if (p.cancel_at_period_end !== undefined && p.cancel_at_period_end !== sub.cancel_at_period_end) {
      prev.cancel_at_period_end = sub.cancel_at_period_end;
      prev.cancel_at = sub.cancel_at;
      sub.cancel_at_period_end = p.cancel_at_period_end;
      sub.cancel_at = p.cancel_at_period_end ? periodEnd(sub) : null;
      sub.cancellation_details = { comment: null, feedback: null, reason: p.cancel_at_period_end ? "cancellation_requested" : null };
    }
    if (p.default_payment_method !== undefined) {
      prev.default_payment_method = sub.default_payment_method;
      sub.default_payment_method = dpm ? dpm.pm.id : null;
    }
    Object.assign(prev, e.update(sub, p, ["metadata", "description"]));
    if (itemChanges) {
      prev.items = structuredClone(sub.items);
      applyItemChanges(e, sub, itemChanges);
      // The same amounts, now naming the items as stored (an added item has its id only now).
      if (prorations.length) prorations = prorationItems(e, sub, prev.items.data, prorationAt!);
    }
    for (const ii of prorations) {
      e.insert(ii);
      e.emit("invoiceitem.created", ii);
    }
    // `always_invoice`: the prorations are invoiced now and the invoice is paid with the default
    // payment method (unless `default_incomplete`); unpaid, the subscription goes past_due.
    let invoiced: { invoice: Obj; pi: Obj | null } | null = null;
    if (invoiceNow) {
      prev.latest_invoice = sub.latest_invoice;
      invoiced = createItemsInvoice(e, sub, prorations, prorationAt!);
    }
    e.updated("customer.subscription.updated", sub, prev);
    if (invoiced) {
      const { invoice, pi } = invoiced;
      if (!pi) invoicePaid(e, invoice, null);
      else if (behaviour === "default_incomplete") markPastDue(e, sub);
      else if (chargeablePm) tryConfirm(e, pi, { offSession: p.off_session === true, paymentMethod: chargeablePm });
      else invoiceAttemptFailed(e, pi);
    }
    return e.render(e.get(sub.id, "subscription"), p.expand);
  });

  // DELETE cancels at once and answers the canceled subscription.
  r.on("DELETE", "/v1/subscriptions/:id", (ctx, [id]) => {
    const p = validate(ctx.params, { invoice_now: S.bool(), prorate: S.bool(), cancellation_details: S.obj({ comment: S.str(), feedback: S.str() }) });
    const sub = e.get(id, "subscription");
    if (isEnded(sub)) throw invalidRequest(`No such subscription: '${id}'`, "id", "resource_missing");
    e.checkExpand(sub, p.expand);
    cancelSubscription(e, sub, "cancellation_requested", p.cancellation_details);
    return e.render(sub, p.expand);
  });

  listRoute(
    r,
    e,
    "/v1/subscriptions",
    "subscription",
    {
      customer: S.str(),
      price: S.str(),
      status: S.str({ enum: ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] }),
    },
    (p) => {
      // Without `status`: the subscriptions that have not ended.
      const status = (o: Obj) => (p.status === undefined ? !isEnded(o) : p.status === "ended" ? isEnded(o) : p.status === "all" || o.status === p.status);
      return (o) => (!p.customer || o.customer === p.customer) && (!p.price || o.items.data.some((si: Obj) => si.price.id === p.price)) && status(o);
    },
  );
}
