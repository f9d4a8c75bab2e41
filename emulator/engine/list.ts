/**
 * Stripe's list objects: `{object:'list', data, has_more, url}`, newest first, paged with
 * `limit` (1–100, default 10), `starting_after` and `ending_before`; `expand[]=data.x` expands
 * inside each item.
 */
import { missing } from "../errors";
import { S } from "../params";
import type { Obj } from "../store";
import { typeOfId } from "./store-access";

/** The params every list endpoint accepts. */
export const LIST_PARAMS = { limit: S.int({ min: 1, max: 100 }), starting_after: S.str(), ending_before: S.str(), created: S.any() };

export interface PageParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  expand?: string[];
}

export function paginate(items: Obj[], p: PageParams, url: string, render: (obj: Obj, expand: string[]) => Obj): Obj {
  const limit = p.limit ?? 10;
  let data: Obj[];
  let hasMore: boolean;
  if (p.starting_after) {
    const rest = items.slice(cursorIndex(items, p.starting_after, "starting_after") + 1);
    data = rest.slice(0, limit);
    hasMore = rest.length > limit;
  } else if (p.ending_before) {
    const before = items.slice(0, cursorIndex(items, p.ending_before, "ending_before"));
    data = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    data = items.slice(0, limit);
    hasMore = items.length > limit;
  }
  const expand = (p.expand ?? []).filter((path) => path.startsWith("data.")).map((path) => path.slice(5));
  return { object: "list", data: data.map((o) => render(o, expand)), has_more: hasMore, url };
}

function cursorIndex(items: Obj[], id: string, param: string): number {
  const i = items.findIndex((o) => o.id === id);
  if (i === -1) throw missing(typeOfId(id) ?? "object", id, param);
  return i;
}
