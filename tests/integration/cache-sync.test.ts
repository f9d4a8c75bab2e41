import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { seedCatalog } from "@/db/seed";
import { TagCache } from "@/lib/cache";
import { startCacheSync, type CacheSync } from "@/lib/cache-sync";
import { CATALOG_TAG, getProductBySlug, listProducts, updateProduct } from "@/lib/catalog";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

/**
 * Two app instances on one database, as far as the cache is concerned: each its own cache and its
 * own listening connection (on Postgres a second connection pool to the same database; PGlite is
 * one process per database, so there the second listener shares it).
 */
let testDb: TestDatabase;
let second: DatabaseHandle;
const syncs: CacheSync[] = [];
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
  second = testDb.kind === "postgres" ? openDatabase(testDb.handle.target) : testDb.handle;
});
afterAll(async () => {
  for (const sync of syncs) await sync.stop();
  if (second !== testDb.handle) await second.close();
  await testDb.drop();
});

/** Resolves with the first tag `onApplied` hears, or fails after `boundMs` (the promised bound). */
function instance(handle: DatabaseHandle, boundMs = 5000) {
  const cache = new TagCache();
  let heard: (tag: string) => void = () => {};
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no invalidation within ${boundMs} ms`)), boundMs);
      heard = (tag) => {
        clearTimeout(timer);
        resolve(tag);
      };
    });
  return { cache, next, start: async () => syncs[syncs.push(await startCacheSync({ handle, cache, onApplied: (tag) => heard(tag) })) - 1] };
}

describe(`cache invalidation across instances (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a tag invalidated on one instance is dropped on the other within the bound, and only there by message", async () => {
    const a = instance(testDb.handle);
    const b = instance(second);
    const syncA = await a.start();
    await b.start();
    let loadsA = 0;
    let loadsB = 0;
    await a.cache.cached("catalog:list", [CATALOG_TAG], 60_000, async () => ++loadsA);
    await b.cache.cached("catalog:list", [CATALOG_TAG], 60_000, async () => ++loadsB);
    await b.cache.cached("other:key", ["other"], 60_000, async () => "kept");

    const heardByB = b.next();
    await syncA.publish(CATALOG_TAG);
    // This instance at once, before any message.
    expect(a.cache.has("catalog:list")).toBe(false);
    expect(await heardByB).toBe(CATALOG_TAG);
    expect(b.cache.has("catalog:list")).toBe(false);
    expect(b.cache.has("other:key")).toBe(true);
    await b.cache.cached("catalog:list", [CATALOG_TAG], 60_000, async () => ++loadsB);
    expect(loadsB).toBe(2);
  });

  it("a product edit through lib/catalog reaches another instance's cache, which then reads the new price", async () => {
    const b = instance(second);
    await b.start();
    const before = (await listProducts()).find((p) => p.slug === "brass-desk-lamp")!;
    const readOnB = () => b.cache.cached("catalog:slug:brass-desk-lamp", [CATALOG_TAG], 60_000, () => getProductBySlug("brass-desk-lamp"));
    expect((await readOnB())!.unitAmount).toBe(before.unitAmount);

    const heardByB = b.next();
    await updateProduct(before.id, { unit_amount: before.unitAmount + 100 });
    expect(await heardByB).toBe(CATALOG_TAG);
    // This process's own cache was dropped at once too, so the read through B loads fresh.
    expect((await readOnB())!.unitAmount).toBe(before.unitAmount + 100);
  });

  it("ignores its own messages and malformed ones", async () => {
    const c = instance(second);
    const sync = await c.start();
    await c.cache.cached("catalog:list", [CATALOG_TAG], 60_000, async () => 1);
    const heard = c.next();
    await second.query("select pg_notify($1, $2)", ["cashline_cache", "not json"]);
    await second.query("select pg_notify($1, $2)", ["cashline_cache", JSON.stringify({ tag: "" })]);
    await sync.publish("unrelated");
    // Notifications arrive in commit order: once this one is heard, the ones before it were handled.
    await second.query("select pg_notify($1, $2)", ["cashline_cache", JSON.stringify({ tag: "sentinel", from: "another instance" })]);
    expect(await heard).toBe("sentinel");
    expect(c.cache.has("catalog:list")).toBe(true);
  });
});
