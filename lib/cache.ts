import { LRUCache } from "lru-cache";

/**
 * A small in-process read cache with tags, for hot reads such as the catalog.
 *
 * Entries live at most `ttlMs`, so other app instances writing to the same database are seen
 * within that window; writers in this process call `invalidateTag` to be seen at once.
 * Bounded: at most MAX_CACHE_ENTRIES keys, least recently used dropped first, so a crawler asking
 * for a million distinct slugs costs a bounded amount of memory.
 * (Next's persistent data cache is avoided on purpose: it outlives the database it was filled
 * from, e.g. across test databases and re-seeds.)
 */
export const MAX_CACHE_ENTRIES = 1000;
const DEFAULT_TTL_MS = 60_000;

type Entry = { value: Promise<unknown>; tags: string[] };

const globalForCache = globalThis as typeof globalThis & { __cashlineLruCache?: LRUCache<string, Entry> };
const entries = (globalForCache.__cashlineLruCache ??= new LRUCache<string, Entry>({ max: MAX_CACHE_ENTRIES, ttl: DEFAULT_TTL_MS }));

export function cached<T>(key: string, tags: string[], ttlMs: number, load: () => Promise<T>): Promise<T> {
  const hit = entries.get(key);
  if (hit) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { value, tags }, { ttl: ttlMs });
  // A failed load must not be served from the cache.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

export function invalidateTag(tag: string): void {
  const stale = [...entries.entries()].filter(([, entry]) => entry.tags.includes(tag)).map(([key]) => key);
  for (const key of stale) entries.delete(key);
}
