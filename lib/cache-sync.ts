import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DatabaseHandle } from "@/db/client";
import { processCache, type TagCache } from "@/lib/cache";
import { databaseHandle } from "@/lib/db";
import { logFor } from "@/lib/log";

/**
 * Cache invalidation across app instances on one database: a write invalidates its tag in this
 * process at once and sends `NOTIFY cashline_cache` with the tag; every instance LISTENs and drops
 * the tag from its own cache as the message arrives (milliseconds on one database). If an instance
 * misses a message (its listening connection was down), the entries' TTL still bounds how long it
 * serves the old data (30 s for the catalog, lib/catalog).
 */
export const CACHE_CHANNEL = "cashline_cache";

const message = z.object({ tag: z.string().min(1).max(200), from: z.string() });
const log = logFor("cache");

export type CacheSync = {
  /** Invalidate `tag` here now and on every other instance on the database. */
  publish(tag: string): Promise<void>;
  /** Stop listening. */
  stop(): Promise<void>;
};

/**
 * Listen for other instances' invalidations and apply them to `cache`. `onApplied` (for tests)
 * hears each tag dropped because of another instance's message.
 */
export async function startCacheSync(options: {
  handle: DatabaseHandle;
  cache: TagCache;
  instanceId?: string;
  onApplied?: (tag: string) => void;
}): Promise<CacheSync> {
  const { handle, cache, onApplied } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const unlisten = await handle.listen(CACHE_CHANNEL, (payload) => {
    let parsed: z.infer<typeof message>;
    try {
      parsed = message.parse(JSON.parse(payload));
    } catch {
      log.warn({ channel: CACHE_CHANNEL }, "ignored a malformed cache invalidation message");
      return;
    }
    if (parsed.from === instanceId) return;
    cache.invalidateTag(parsed.tag);
    onApplied?.(parsed.tag);
  });
  return {
    async publish(tag) {
      cache.invalidateTag(tag);
      await sendInvalidation(handle, tag, instanceId);
    },
    stop: unlisten,
  };
}

function sendInvalidation(handle: DatabaseHandle, tag: string, from: string): Promise<unknown> {
  return handle.query("select pg_notify($1, $2)", [CACHE_CHANNEL, JSON.stringify({ tag, from })]);
}

const PROCESS_INSTANCE = randomUUID();
const globalForSync = globalThis as typeof globalThis & { __cashlineCacheSync?: Promise<CacheSync> };

/** This process's listener on the app's database (started at boot; idempotent). */
export function startProcessCacheSync(): Promise<CacheSync> {
  const started = (globalForSync.__cashlineCacheSync ??= startCacheSync({ handle: databaseHandle(), cache: processCache, instanceId: PROCESS_INSTANCE }));
  // A failed start may be retried (lib/boot.ts keeps trying).
  started.catch(() => {
    if (globalForSync.__cashlineCacheSync === started) globalForSync.__cashlineCacheSync = undefined;
  });
  return started;
}

/**
 * Invalidate `tag` in this process at once, and tell the other instances. Never throws: when the
 * message cannot be sent it is logged, and the TTL bounds the other instances' staleness.
 */
export function invalidateEverywhere(tag: string): void {
  processCache.invalidateTag(tag);
  void sendInvalidation(databaseHandle(), tag, PROCESS_INSTANCE).catch((err: unknown) => log.warn({ err, tag }, "could not tell other instances of a cache invalidation"));
}
