/**
 * Reading and writing stored objects the way every resource does: a typed 404 for missing or
 * deleted objects, Stripe's metadata semantics and `previous_attributes` for updates.
 */
import { missing } from "../errors";
import type { Obj, Store } from "../store";

/** Id prefix → object type, for the objects `expand` may follow and list cursors may name. */
const PREFIX_TYPES: Record<string, string> = {
  cus: "customer",
  prod: "product",
  price: "price",
  pm: "payment_method",
  pi: "payment_intent",
  seti: "setup_intent",
  ch: "charge",
  re: "refund",
  sub: "subscription",
  si: "subscription_item",
  in: "invoice",
  ii: "invoiceitem",
  evt: "event",
  we: "webhook_endpoint",
  tok: "token",
};

/** The object type an id's prefix stands for (`cus_...` → `customer`). */
export function typeOfId(id: string): string | undefined {
  return PREFIX_TYPES[id.split("_")[0]];
}

/** A live object of one type, or Stripe's 404 (`No such customer: 'cus_...'`) naming `param`. */
export function fetchObject(store: Store, id: string, type: string, param = "id"): Obj {
  const obj = store.get(id);
  if (!obj || obj.object !== type || obj.deleted) throw missing(type, id, param);
  return obj;
}

/** Any stored object whose id has a known prefix (what `expand` may follow). */
export function lookupById(store: Store, id: string): Obj | undefined {
  return typeOfId(id) ? store.get(id) : undefined;
}

/** Stripe's metadata update: `k=v` sets, `k=` unsets a key, `null` (from `metadata=`) clears all. */
export function applyMetadata(target: Obj, metadata: Record<string, string> | null | undefined): void {
  if (metadata === undefined) return;
  if (metadata === null) {
    target.metadata = {};
    return;
  }
  const next = { ...(target.metadata ?? {}) };
  for (const [k, v] of Object.entries(metadata)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  target.metadata = next;
}

/** Apply simple field updates (and metadata), returning Stripe's `previous_attributes`. */
export function applyUpdate<P extends object>(target: Obj, params: P, keys: readonly (keyof P & string)[]): Obj {
  const previous: Obj = {};
  const values: Partial<Record<string, unknown>> = params;
  for (const key of keys) {
    if (!(key in params)) continue;
    const value = values[key];
    if (key === "metadata") {
      const before = structuredClone(target.metadata ?? {});
      applyMetadata(target, value as Record<string, string> | null);
      if (JSON.stringify(before) !== JSON.stringify(target.metadata)) previous.metadata = before;
      continue;
    }
    if (JSON.stringify(target[key]) !== JSON.stringify(value)) {
      previous[key] = target[key] ?? null;
      target[key] = value;
    }
  }
  return previous;
}
