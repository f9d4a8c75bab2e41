/**
 * The engine every resource is written against: the store, rendering and expansion, lists and
 * events. Resources (emulator/routes/*) and the domain modules (card network, billing, ...) only
 * talk to the state through it.
 */
import type { Meta, Obj, Store } from "../store";
import { EventQueue, type EventSink, type RequestInfo } from "./events";
import { paginate, type ListSource, type PageParams } from "./list";
import { render } from "./render";
import { applyMetadata, applyUpdate, fetchObject } from "./store-access";

export { API_VERSION } from "./events";

/** One API request as the handlers see it. */
export interface Ctx extends RequestInfo {
  method: string;
  path: string;
  params: Record<string, unknown>;
  keyKind: "secret" | "publishable" | "none";
}

export interface EngineOptions extends EventSink {
  /** The emulator's own URL (3-D Secure pages, hosted invoice URLs). */
  baseUrl: () => string;
}

export class Engine {
  private readonly events: EventQueue;

  constructor(
    readonly store: Store,
    private readonly opts: EngineOptions,
  ) {
    this.events = new EventQueue(store, opts);
  }

  baseUrl(): string {
    return this.opts.baseUrl();
  }

  /** A live object of `type`, or Stripe's 404 naming `param`. */
  get(id: string, type: string, param = "id"): Obj {
    return fetchObject(this.store, id, type, param);
  }

  insert<T extends Obj>(obj: T, meta: Omit<Meta, "seq"> = {}): T {
    return this.store.insert(obj, meta);
  }

  meta(id: string): Meta {
    return this.store.meta(id);
  }

  /** Mark state as changed (persisted debounced). */
  touch(): void {
    this.store.changed();
  }

  render(obj: Obj, expand: readonly string[] = []): Obj {
    return render(this.store, obj, expand);
  }

  /**
   * Throws what rendering `obj` with `expand` would (a path too deep, a field that cannot be
   * expanded), for an object the request is about to store or change: call it with the other
   * checks, before anything changes. Paths through fields the request has yet to fill are only
   * checked when the answer is rendered.
   */
  checkExpand(obj: Obj, expand: readonly string[] | undefined): void {
    if (expand?.length) render(this.store, obj, expand, true);
  }

  /** A list page of the live objects of `type` that `keep` keeps (narrowed to index `key`, `field=value`, when given). */
  list(type: string, p: PageParams, url: string, keep: (o: Obj) => boolean = () => true, key?: string): Obj {
    const src: ListSource = { store: this.store, type, keep, key };
    return paginate(src, p, url, (o, expand) => this.render(o, expand));
  }

  emit(type: string, obj: Obj, previous?: Obj): Obj {
    return this.events.emit(type, this.render(obj), previous);
  }

  /** After an update: state changed, and `type` announced with `previous` when anything did change. */
  updated(type: string, obj: Obj, previous: Obj): void {
    this.touch();
    if (Object.keys(previous).length) this.emit(type, obj, previous);
  }

  applyMetadata(target: Obj, metadata: Record<string, string> | null | undefined): void {
    applyMetadata(target, metadata);
  }

  update<P extends object>(target: Obj, params: P, keys: readonly (keyof P & string)[]): Obj {
    return applyUpdate(target, params, keys);
  }

  /** Run `fn` for a request (or, with null, for a test helper); the events it records go out afterwards. */
  during<T>(request: RequestInfo | null, fn: () => T): T {
    return this.events.during(request, fn);
  }
}
