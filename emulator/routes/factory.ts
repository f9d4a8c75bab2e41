/**
 * The route table and the contract every resource shares: `GET /v1/<resource>/:id` retrieves a
 * live object (404 `resource_missing` otherwise), `GET /v1/<resource>` lists live objects newest
 * first with the list's own filters, `DELETE /v1/<resource>/:id` answers `{id, object, deleted}`.
 */
import type { Ctx, Engine } from "../engine";
import { LIST_PARAMS } from "../engine/list";
import { validate, type Schema, type WithCommon } from "../params";
import type { Obj } from "../store";

export type Handler = (ctx: Ctx, match: string[]) => unknown;

export interface Route {
  method: string;
  re: RegExp;
  handler: Handler;
  /** Allowed with a publishable key (Stripe.js calls). */
  publishable: boolean;
}

const ID = "([A-Za-z0-9_]+)";

export class Router {
  private readonly routes: Route[] = [];

  /** `pattern` is a path where `:id` matches one id. */
  on(method: "GET" | "POST" | "DELETE", pattern: string, handler: Handler, opts: { publishable?: boolean } = {}): void {
    const re = new RegExp(`^${pattern.replace(/:id/g, ID)}$`);
    this.routes.push({ method, re, handler, publishable: opts.publishable ?? false });
  }

  match(method: string, path: string): { route: Route; match: string[] } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (m) return { route, match: m.slice(1) };
    }
    return null;
  }
}

/** The params of a list endpoint with `filters`, as validated. */
export type ListParams<F extends Schema> = WithCommon<typeof LIST_PARAMS & F>;

/** `GET {base}/:id`. With `deletedStub`, a deleted object answers `{id, object, deleted: true}` (customers). */
export function retrieveRoute(r: Router, e: Engine, base: string, type: string, opts: { deletedStub?: boolean } = {}): void {
  r.on("GET", `${base}/:id`, (ctx, [id]) => {
    const p = validate(ctx.params, {});
    const stored = e.store.get(id);
    if (opts.deletedStub && stored?.object === type && stored.deleted) return { id, object: type, deleted: true };
    return e.render(e.get(id, type), p.expand);
  });
}

/**
 * `GET {base}`: the live objects of `type` that `where(params)` keeps. `where` runs once per
 * request, after validation, and may reject the request (an unknown `customer`, say). `indexBy`
 * names filter params the store indexes for `type` (emulator/store.ts INDEXED): the first one the
 * request gives narrows the walk to the objects with that value.
 */
export function listRoute<F extends Schema>(
  r: Router,
  e: Engine,
  base: string,
  type: string,
  filters: F,
  where?: (p: ListParams<F>) => (o: Obj) => boolean,
  indexBy: readonly (keyof F & string)[] = [],
): void {
  r.on("GET", base, (ctx) => {
    const schema: typeof LIST_PARAMS & F = { ...LIST_PARAMS, ...filters };
    const p = validate(ctx.params, schema);
    const keep = where?.(p);
    const values: Partial<Record<string, unknown>> = p;
    const field = indexBy.find((f) => typeof values[f] === "string" && !(values[f] as string).includes("*"));
    return e.list(type, p, base, keep, field ? `${field}=${values[field] as string}` : undefined);
  });
}

/**
 * `DELETE {base}/:id`: `check` may refuse (before anything changes), `cascade` applies the
 * consequences, then `event` is announced and the object is marked deleted.
 */
export function deleteRoute(r: Router, e: Engine, base: string, type: string, opts: { check?: (obj: Obj) => void; cascade?: (obj: Obj) => void; event?: string } = {}): void {
  r.on("DELETE", `${base}/:id`, (ctx, [id]) => {
    validate(ctx.params, {});
    const obj = e.get(id, type);
    opts.check?.(obj);
    opts.cascade?.(obj);
    if (opts.event) e.emit(opts.event, obj);
    obj.deleted = true;
    e.touch();
    return { id, object: type, deleted: true };
  });
}
