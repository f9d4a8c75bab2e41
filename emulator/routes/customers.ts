/** `/v1/customers`: create, retrieve (deleted → `{deleted: true}`), update, list (`email`), delete, list payment methods. */
import type Stripe from "stripe";
import { cancelSubscription, isEnded } from "../billing";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { LIST_PARAMS } from "../engine/list";
import { S, validate, type Infer } from "../params";
import { attach, checkAttachable, checkOwnedBy, findPaymentMethod } from "../payment-methods";
import { newId, nowSeconds, randomId } from "../store";
import { deleteRoute, listRoute, retrieveRoute, type Router } from "./factory";
import { ADDRESS, ADDRESS_FIELDS, nullAddress } from "./schemas";

const SHIPPING = S.obj({ address: ADDRESS, name: S.str({ required: true }), phone: S.str() }, { nullable: true });

const CUSTOMER_FIELDS = {
  email: S.str({ nullable: true, max: 512 }),
  name: S.str({ nullable: true, max: 256 }),
  phone: S.str({ nullable: true, max: 20 }),
  description: S.str({ nullable: true }),
  metadata: S.metadata(),
  address: S.obj(ADDRESS_FIELDS, { nullable: true }),
  shipping: SHIPPING,
  invoice_settings: S.obj({ default_payment_method: S.str({ nullable: true }) }),
  preferred_locales: S.arr(S.str(), { nullable: true }),
};

const DEFAULT_PM_PARAM = "invoice_settings[default_payment_method]";

/** Stripe's check of a customer's email: one `@`, a dotted domain, no spaces. */
function checkEmail(email: string | null | undefined): void {
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidRequest(`Invalid email address: ${email}`, "email", "email_invalid");
}

type ShippingInput = NonNullable<Infer<typeof SHIPPING>>;

function shippingOf(s: ShippingInput): Stripe.Customer.Shipping {
  return { ...s, address: { ...nullAddress(), ...(s.address ?? {}) }, phone: s.phone ?? null };
}

export function customerRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/customers", (ctx) => {
    const p = validate(ctx.params, { ...CUSTOMER_FIELDS, payment_method: S.str() });
    checkEmail(p.email);
    const id = newId("cus");
    // Check both payment methods before anything is stored.
    const pm = p.payment_method ? findPaymentMethod(e, p.payment_method, "payment_method") : null;
    if (pm) checkAttachable(pm, id);
    const dpmId = p.invoice_settings?.default_payment_method;
    const dpm = !dpmId ? null : pm?.stored && pm.pm.id === dpmId ? pm : findPaymentMethod(e, dpmId, DEFAULT_PM_PARAM);
    if (dpm && dpm !== pm) checkOwnedBy(dpm, dpmId!, id, DEFAULT_PM_PARAM);
    const customer: Stripe.Customer = {
      id,
      object: "customer",
      address: p.address ? { ...nullAddress(), ...p.address } : null,
      balance: 0,
      created: nowSeconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: p.description ?? null,
      discount: null,
      email: p.email ?? null,
      invoice_prefix: randomId(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: {},
      name: p.name ?? null,
      next_invoice_sequence: 1,
      phone: p.phone ?? null,
      preferred_locales: p.preferred_locales ?? [],
      shipping: p.shipping ? shippingOf(p.shipping) : null,
      tax_exempt: "none",
      test_clock: null,
    };
    e.applyMetadata(customer, p.metadata);
    e.checkExpand(customer, p.expand);
    e.insert(customer);
    if (pm) attach(e, pm, id);
    if (dpm) customer.invoice_settings.default_payment_method = dpm.pm.id;
    e.emit("customer.created", customer);
    return e.render(customer, p.expand);
  });

  retrieveRoute(r, e, "/v1/customers", "customer", { deletedStub: true });

  r.on("POST", "/v1/customers/:id", (ctx, [id]) => {
    const p = validate(ctx.params, CUSTOMER_FIELDS);
    checkEmail(p.email);
    const customer = e.get(id, "customer");
    const settings = p.invoice_settings;
    const dpmId = settings?.default_payment_method;
    const dpm = dpmId ? findPaymentMethod(e, dpmId, DEFAULT_PM_PARAM) : null;
    if (dpm) checkOwnedBy(dpm, dpmId!, id, DEFAULT_PM_PARAM);
    e.checkExpand(customer, p.expand);
    const prev = e.update(customer, p, ["email", "name", "phone", "description", "metadata", "preferred_locales"]);
    if (p.address !== undefined) {
      prev.address = customer.address;
      customer.address = p.address ? { ...nullAddress(), ...p.address } : null;
    }
    if (p.shipping !== undefined) {
      prev.shipping = customer.shipping;
      customer.shipping = p.shipping ? shippingOf(p.shipping) : null;
    }
    if (settings && "default_payment_method" in settings) {
      prev.invoice_settings = structuredClone(customer.invoice_settings);
      customer.invoice_settings.default_payment_method = dpm ? dpm.pm.id : null;
    }
    e.updated("customer.updated", customer, prev);
    return e.render(customer, p.expand);
  });

  deleteRoute(r, e, "/v1/customers", "customer", {
    // Deleting a customer cancels their subscriptions.
    cascade: (customer) => {
      for (const sub of e.store.all("subscription", `customer=${customer.id}`)) {
        if (sub.customer === customer.id && !isEnded(sub)) cancelSubscription(e, sub, "cancellation_requested");
      }
    },
    event: "customer.deleted",
  });

  listRoute(r, e, "/v1/customers", "customer", { email: S.str() }, (p) => (c) => !p.email || c.email === p.email, ["email"]);

  r.on("GET", "/v1/customers/:id/payment_methods", (ctx, [id]) => {
    const p = validate(ctx.params, { ...LIST_PARAMS, type: S.str(), allow_redisplay: S.str() });
    e.get(id, "customer");
    return e.list("payment_method", p, `/v1/customers/${id}/payment_methods`, (pm) => pm.customer === id && (!p.type || pm.type === p.type), `customer=${id}`);
  });
}
