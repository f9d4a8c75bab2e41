/**
 * Stripe's list objects: `{object:'list', data, has_more, url}`, newest first, paged with
 * `limit` (1–100, default 10), `starting_after` and `ending_before`, filtered by
 * `created[gt|gte|lt|lte]` (or an exact `created`); `expand[]=data.x` expands inside each item.
 *
 * A page reads only what it returns (and the objects its filters reject on the way): the ids of a
 * type are kept in creation order by the store (or narrowed by one of its field indexes), cursors
 * are found by binary search, and `created` bounds stop the walk.
 */
import { invalidRequest, missing } from "../errors";
import { S, type Field } from "../params";
import type { Obj, Store } from "../store";
import { typeOfId } from "./store-access";

export interface CreatedFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const RANGE_KEYS = ["gt", "gte", "lt", "lte"] as const;

/** `created=<int>` or `created[gt|gte|lt|lte]=<int>`, as Stripe's list endpoints take it. */
const CREATED: Field<CreatedFilter, false> = {
  required: false,
  parse(raw, name) {
    const int = (v: unknown, param: string): number => {
      if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v);
      throw invalidRequest(`Invalid integer: ${typeof v === "string" ? v : "{...}"}`, param, "parameter_invalid_integer");
    };
    if (typeof raw === "string") {
      const n = int(raw, name);
      return { gte: n, lte: n };
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalidRequest("Invalid object", name, "parameter_invalid");
    const out: CreatedFilter = {};
    for (const [k, v] of Object.entries(raw)) {
      if (!(RANGE_KEYS as readonly string[]).includes(k)) throw invalidRequest(`Received unknown parameter: ${name}[${k}]`, `${name}[${k}]`, "parameter_unknown");
      out[k as (typeof RANGE_KEYS)[number]] = int(v, `${name}[${k}]`);
    }
    return out;
  },
};

/** The params every list endpoint accepts. */
export const LIST_PARAMS = { limit: S.int({ min: 1, max: 100 }), starting_after: S.str(), ending_before: S.str(), created: CREATED };

export interface PageParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: CreatedFilter;
  expand?: string[];
}

export interface ListSource {
  store: Store;
  type: string;
  /** `field=value` of one of the store's indexes to narrow the walk to. */
  key?: string;
  keep: (o: Obj) => boolean;
}

function createdIn(c: CreatedFilter | undefined, created: number): boolean {
  if (!c) return true;
  return (c.gt === undefined || created > c.gt) && (c.gte === undefined || created >= c.gte) && (c.lt === undefined || created < c.lt) && (c.lte === undefined || created <= c.lte);
}

/** The lowest `created` a match may have (the walk newest-first stops below it, with a little slack). */
function lowerBound(c: CreatedFilter | undefined): number | undefined {
  if (!c) return undefined;
  if (c.gt !== undefined) return c.gt + 1;
  return c.gte;
}

export function paginate(src: ListSource, p: PageParams, url: string, render: (obj: Obj, expand: string[]) => Obj): Obj {
  const { store, type } = src;
  const limit = p.limit ?? 10;
  const ids = store.ordered(type, src.key);
  const floor = lowerBound(p.created);
  const match = (id: string): Obj | null => {
    if (store.typeOf(id) !== type) return null;
    if (!createdIn(p.created, store.createdOf(id)!)) return null;
    const o = store.get(id)!;
    return !o.deleted && src.keep(o) ? o : null;
  };
  // ending_before: the `limit` items just newer than the cursor (walking up); otherwise walking down.
  const up = Boolean(p.ending_before);
  const from = p.ending_before
    ? cursorIndex(src, ids, p.ending_before, "ending_before") + 1
    : p.starting_after
      ? cursorIndex(src, ids, p.starting_after, "starting_after") - 1
      : ids.length - 1;
  const found: Obj[] = [];
  let hasMore = false;
  for (let i = from; up ? i < ids.length : i >= 0; i += up ? 1 : -1) {
    if (!up && floor !== undefined && store.typeOf(ids[i]) === type && store.createdOf(ids[i])! < floor - 2) break;
    const o = match(ids[i]);
    if (!o) continue;
    if (found.length === limit) {
      hasMore = true;
      break;
    }
    found.push(o);
  }
  if (up) found.reverse();
  const expand = (p.expand ?? []).filter((path) => path.startsWith("data.")).map((path) => path.slice(5));
  return { object: "list", data: found.map((o) => render(o, expand)), has_more: hasMore, url };
}

/** Where the cursor object sits in `ids`; it must be one the list would show. */
function cursorIndex(src: ListSource, ids: readonly string[], id: string, param: string): number {
  const seq = src.store.seqOf(id);
  const obj = seq === undefined || src.store.typeOf(id) !== src.type ? undefined : src.store.get(id);
  if (seq === undefined || !obj || obj.deleted || !src.keep(obj)) throw missing(typeOfId(id) ?? "object", id, param);
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = src.store.seqOf(ids[mid]) ?? -1;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  throw missing(typeOfId(id) ?? "object", id, param);
}
