import { LRUCache } from "lru-cache";

/**
 * A small in-process read cache with tags, for hot reads such as the catalog.
 *
 * Entries live at most `ttlMs`. Writers in this process call `invalidateTag` to be seen at once;
 * other app instances on the same database hear of the change through lib/cache-sync.ts (Postgres
 * LISTEN/NOTIFY), and the TTL bounds how stale an instance can be if that message is lost.
 * Bounded: at most MAX_CACHE_ENTRIES keys, least recently used dropped first, so a crawler asking
 * for a million distinct slugs costs a bounded amount of memory.
 * (Next's persistent data cache is avoided on purpose: it outlives the database it was filled
 * from, e.g. across test databases and re-seeds.)
 */
export const MAX_CACHE_ENTRIES = 1000;
const DEFAULT_TTL_MS = 60_000;

type Entry = { value: Promise<unknown>; tags: string[] };

/**
 * Where other module instances in this process hear of a tag dropped from the process cache: Next's
 * bundles and scripts/server.ts load their own copies of lib/, but share `globalThis`. The page
 * cache in front of Next (lib/http/page-cache.ts) registers here, so a catalog write, in this
 * process or heard from another instance (lib/cache-sync.ts), drops the cached pages too.
 */
export const TAG_DROPPED_HOOKS = Symbol.for("cashline.cache.tag-dropped");
type TagDroppedListener = (tag: string) => void;
const globalHooks = globalThis as typeof globalThis & { [TAG_DROPPED_HOOKS]?: Set<TagDroppedListener> };

/** Calls `listener` with every tag dropped from this process's cache; returns the unsubscribe. */
export function onProcessTagDropped(listener: TagDroppedListener): () => void {
  const hooks = (globalHooks[TAG_DROPPED_HOOKS] ??= new Set());
  hooks.add(listener);
  return () => void hooks.delete(listener);
}

export class TagCache {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_CACHE_ENTRIES, ttl: DEFAULT_TTL_MS });

  constructor(private readonly onDropped?: TagDroppedListener) {}

  cached<T>(key: string, tags: string[], ttlMs: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { value, tags }, { ttl: ttlMs });
    // A failed load must not be served from the cache.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  invalidateTag(tag: string): void {
    const stale = [...this.entries.entries()].filter(([, entry]) => entry.tags.includes(tag)).map(([key]) => key);
    for (const key of stale) this.entries.delete(key);
    this.onDropped?.(tag);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }
}

const globalForCache = globalThis as typeof globalThis & { __cashlineTagCache?: TagCache };
/** This process's cache (one per process, shared by Next's bundles through globalThis). */
export const processCache = (globalForCache.__cashlineTagCache ??= new TagCache((tag) => {
  for (const listener of globalHooks[TAG_DROPPED_HOOKS] ?? []) {
    try {
      listener(tag);
    } catch {
      // A listener's failure must not fail the write that dropped the tag (the TTLs still bound it).
    }
  }
}));

export function cached<T>(key: string, tags: string[], ttlMs: number, load: () => Promise<T>): Promise<T> {
  return processCache.cached(key, tags, ttlMs, load);
}

export function invalidateTag(tag: string): void {
  processCache.invalidateTag(tag);
}
