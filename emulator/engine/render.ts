/**
 * How objects appear in answers: deep copies with "includable" fields left out unless expanded,
 * `expand[]` followed through id fields (up to 4 levels, `data.` inside lists), and the
 * client-safe subset of a PaymentIntent that publishable-key callers (Stripe.js) see.
 */
import { invalidRequest } from "../errors";
import type { Obj, Store } from "../store";
import { lookupById, typeOfId } from "./store-access";

/** Fields Stripe only includes when expanded ("includable"). */
const INCLUDABLE: Record<string, string[]> = {
  invoice: ["confirmation_secret", "payments"],
  charge: ["refunds"],
};

/** The PaymentIntent fields a publishable key may read. */
const CLIENT_SAFE_PAYMENT_INTENT_FIELDS = [
  "id", "object", "amount", "amount_details", "automatic_payment_methods", "canceled_at", "cancellation_reason", "capture_method",
  "client_secret", "confirmation_method", "created", "currency", "description", "last_payment_error", "livemode", "next_action",
  "payment_method", "payment_method_types", "processing", "receipt_email", "setup_future_usage", "shipping", "source", "status",
];

/**
 * A deep copy of `obj` as the API shows it: includable fields dropped unless expanded, `expand`
 * applied. With `beforeChange`, `obj` is one a request is about to store or change: ids of
 * objects it has not stored yet count as expandable (the answer is rendered once they are).
 */
export function render(store: Store, obj: Obj, expand: readonly string[] = [], beforeChange = false): Obj {
  const out = strip(structuredClone(obj));
  for (const path of expand) {
    const parts = path.split(".");
    if (parts.length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
    expandPath(store, out, parts, path, beforeChange);
  }
  return out;
}

/** The client-safe fields of a rendered PaymentIntent. */
export function clientSafePaymentIntent(pi: Obj): Obj {
  const restricted: Obj = {};
  for (const key of CLIENT_SAFE_PAYMENT_INTENT_FIELDS) if (key in pi) restricted[key] = pi[key];
  return restricted;
}

function strip(obj: Obj): Obj {
  for (const f of INCLUDABLE[obj.object] ?? []) delete obj[f];
  return obj;
}

function expandPath(store: Store, node: Obj | null | undefined, parts: string[], full: string, beforeChange: boolean): void {
  if (!node || typeof node !== "object" || parts.length === 0) return;
  const [key, ...rest] = parts;
  if (node.object === "list" && key === "data") {
    for (const item of node.data) expandPath(store, item, rest, full, beforeChange);
    return;
  }
  if ((INCLUDABLE[node.object] ?? []).includes(key)) {
    const original = store.get(node.id);
    node[key] = original && original[key] !== undefined ? structuredClone(original[key]) : null;
  } else if (typeof node[key] === "string") {
    const target = lookupById(store, node[key]);
    if (!target && beforeChange && typeOfId(node[key])) return;
    if (!target) throw invalidRequest(`This property cannot be expanded (${key}).`, "expand");
    node[key] = strip(structuredClone(target));
  } else if (node[key] === undefined) {
    throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
  }
  if (rest.length) expandPath(store, node[key], rest, full, beforeChange);
}
