/** `/v1/payment_methods`: create (card details, token or test id), retrieve, update, attach, detach, list by customer. */
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { S, validate } from "../params";
import { attach, checkAttachable, findPaymentMethod, prepareBankAccount, prepareCard, resolvePaymentMethod, save } from "../payment-methods";
import type { Obj } from "../store";
import { listRoute, retrieveRoute, type Router } from "./factory";
import { BILLING_DETAILS, CARD_INPUT, US_BANK_ACCOUNT_INPUT } from "./schemas";

export function paymentMethodRoutes(r: Router, e: Engine): void {
  r.on(
    "POST",
    "/v1/payment_methods",
    (ctx) => {
      const p = validate(ctx.params, {
        type: S.str({ enum: ["card", "us_bank_account"] }),
        card: CARD_INPUT,
        us_bank_account: US_BANK_ACCOUNT_INPUT,
        billing_details: BILLING_DETAILS,
        metadata: S.metadata(),
        allow_redisplay: S.str({ enum: ["always", "limited", "unspecified"] }),
        customer: S.str(),
        payment_method: S.str(),
        // Sent by Stripe.js; accepted and ignored.
        payment_user_agent: S.str(),
        time_on_page: S.any(),
        guid: S.any(),
        muid: S.any(),
        sid: S.any(),
        key: S.any(),
      });
      if (p.payment_method) {
        // Cloning a customer's payment method (Connect) is not emulated; allow test ids only.
        return e.render(resolvePaymentMethod(e, p.payment_method, "payment_method"));
      }
      if (!p.type) throw invalidRequest("Missing required param: type.", "type", "parameter_missing");
      const ref = p.type === "us_bank_account" ? prepareBankAccount(p.us_bank_account, p.billing_details, "us_bank_account", "billing_details") : prepareCard(e, p.card, p.billing_details, "card");
      e.checkExpand(ref.pm, p.expand);
      const pm = save(e, ref);
      e.applyMetadata(pm, p.metadata);
      if (p.allow_redisplay) pm.allow_redisplay = p.allow_redisplay;
      e.touch();
      return e.render(pm, p.expand);
    },
    { publishable: true },
  );

  retrieveRoute(r, e, "/v1/payment_methods", "payment_method");

  r.on("POST", "/v1/payment_methods/:id", (ctx, [id]) => {
    const p = validate(ctx.params, { billing_details: BILLING_DETAILS, metadata: S.metadata(), card: S.obj({ exp_month: S.int(), exp_year: S.int() }), allow_redisplay: S.str() });
    const pm = e.get(id, "payment_method");
    e.checkExpand(pm, p.expand);
    const prev: Obj = {};
    if (p.billing_details) {
      prev.billing_details = structuredClone(pm.billing_details);
      const bd = p.billing_details;
      pm.billing_details = { ...pm.billing_details, ...bd, address: { ...pm.billing_details.address, ...(bd.address ?? {}) } };
    }
    if (p.card) {
      prev.card = structuredClone(pm.card);
      Object.assign(pm.card, p.card);
    }
    if (p.metadata !== undefined) {
      prev.metadata = structuredClone(pm.metadata);
      e.applyMetadata(pm, p.metadata);
    }
    if (p.allow_redisplay) pm.allow_redisplay = p.allow_redisplay;
    e.touch();
    e.emit("payment_method.updated", pm, prev);
    return e.render(pm, p.expand);
  });

  r.on("POST", "/v1/payment_methods/:id/attach", (ctx, [id]) => {
    const p = validate(ctx.params, { customer: S.str({ required: true }) });
    e.get(p.customer, "customer", "customer");
    const ref = findPaymentMethod(e, id, "payment_method");
    checkAttachable(ref, p.customer);
    e.checkExpand(ref.pm, p.expand);
    return e.render(attach(e, ref, p.customer), p.expand);
  });

  r.on("POST", "/v1/payment_methods/:id/detach", (ctx, [id]) => {
    const p = validate(ctx.params, {});
    const pm = e.get(id, "payment_method");
    if (!pm.customer) throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", undefined, "payment_method_unexpected_state");
    e.checkExpand(pm, p.expand);
    const previous = { customer: pm.customer };
    const customer = e.store.get(pm.customer);
    if (customer && customer.invoice_settings?.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
    pm.customer = null;
    // A detached payment method may not be used again (Stripe's rule for one-off payment methods).
    e.meta(pm.id).consumed = true;
    e.touch();
    e.emit("payment_method.detached", pm, previous);
    return e.render(pm, p.expand);
  });

  // Without `customer`: only attached payment methods (as Stripe lists them).
  listRoute(r, e, "/v1/payment_methods", "payment_method", { customer: S.str(), type: S.str() }, (p) => {
    if (p.customer) e.get(p.customer, "customer", "customer");
    return (pm) => (p.customer ? pm.customer === p.customer : Boolean(pm.customer)) && (!p.type || pm.type === p.type);
  }, ["customer"]);
}
