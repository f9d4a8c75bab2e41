/**
 * A small in-process read cache with tags, for hot reads such as the catalog.
 *
 * Entries live at most `ttlMs`, so other app instances writing to the same database are seen
 * within that window; writers in this process call `invalidateTag` to be seen at once.
 * (Next's persistent data cache is avoided on purpose: it outlives the database it was filled
 * from, e.g. across test databases and re-seeds.)
 */
type Entry = { value: Promise<unknown>; expires: number; tags: string[] };

const globalForCache = globalThis as typeof globalThis & { __cashlineCache?: Map<string, Entry> };
const entries = (globalForCache.__cashlineCache ??= new Map<string, Entry>());

export function cached<T>(key: string, tags: string[], ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { value, expires: now + ttlMs, tags });
  // A failed load must not be served from the cache.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

export function invalidateTag(tag: string): void {
  for (const [key, entry] of entries) if (entry.tags.includes(tag)) entries.delete(key);
}
