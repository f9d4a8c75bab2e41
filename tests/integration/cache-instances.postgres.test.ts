import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "@/db/schema";
import { seedCatalog } from "@/db/seed";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";
import { eventually } from "../support/eventually";
import { startLineProcess, type LineProcess } from "../support/line-process";

/**
 * Two app instances in two processes on one database (Postgres only: PGlite is one process per
 * database; tests/integration/cache-sync.test.ts covers both databases in one process). A price
 * edited on one instance shows on the other's cached catalog within the promised bound.
 */
let testDb: TestDatabase;
const instances: LineProcess[] = [];
const BOUND_MS = 2000;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
});
afterAll(async () => {
  for (const p of instances) await p.stop();
  await testDb.drop();
});

function startInstance(): LineProcess {
  const p = startLineProcess("cache-instance-process.ts", { DATABASE_URL: (testDb.handle.target as { url: string }).url });
  instances.push(p);
  return p;
}

async function startTwoInstances(): Promise<[LineProcess, LineProcess]> {
  const a = startInstance();
  const b = startInstance();
  await Promise.all([a.waitFor(/^ready$/, "instance A"), b.waitFor(/^ready$/, "instance B")]);
  return [a, b];
}

/** Asks `p` for the price it serves now (its nth answer for this slug). */
async function priceOn(p: LineProcess, slug: string): Promise<number> {
  const before = p.lines.length;
  p.send(`read ${slug}`);
  const line = await eventually(() => p.lines.slice(before).find((l) => l.startsWith(`price ${slug} `)), `a price from the instance`, 10_000, 5);
  return Number(line.split(" ")[2]);
}

/** Asks `p`'s page cache for the product page: the price it shows and whether it was a cache hit. */
async function pageOn(p: LineProcess, slug: string): Promise<{ price: number; cache: string }> {
  const before = p.lines.length;
  p.send(`page ${slug}`);
  const line = await eventually(() => p.lines.slice(before).find((l) => l.startsWith(`page ${slug} `)), `a page from the instance`, 10_000, 5);
  const [, , price, cache] = line.split(" ");
  return { price: Number(price), cache };
}

describe("the catalog cache with two instances on one database (postgres)", () => {
  it("serves from its cache, and an edit on one instance shows on the other within the bound", async () => {
    const [a, b] = await startTwoInstances();
    const slug = "brass-desk-lamp";
    const original = await priceOn(b, slug);

    // Changed behind the app's back (no NOTIFY): B keeps serving its cached price, so the next
    // check really measures the invalidation, not a cache miss.
    await testDb.handle.db.update(products).set({ unitAmount: original + 1 }).where(eq(products.slug, slug));
    expect(await priceOn(b, slug)).toBe(original);

    a.send(`set ${slug} ${original + 500}`);
    await a.waitFor(new RegExp(`^set ${slug} ${original + 500}$`), "the edit on instance A");
    const editedAt = Date.now();
    const seen = await eventually(async () => ((await priceOn(b, slug)) === original + 500 ? Date.now() : null), "instance B to serve the new price", BOUND_MS, 10);
    console.log(`[cache] instance B served the edit ${seen - editedAt} ms after the edit`);
    expect(await priceOn(a, slug)).toBe(original + 500);
  });

  it("drops its cached pages when another instance edits the catalog, within the bound", async () => {
    const [a, b] = await startTwoInstances();
    const slug = "stoneware-mug";
    const first = await pageOn(b, slug);
    expect(first.cache).toBe("miss");
    expect(await pageOn(b, slug)).toEqual({ price: first.price, cache: "hit" });

    // Behind the app's back (no NOTIFY): B keeps serving its cached page.
    await testDb.handle.db.update(products).set({ unitAmount: first.price + 1 }).where(eq(products.slug, slug));
    expect(await pageOn(b, slug)).toEqual({ price: first.price, cache: "hit" });

    a.send(`set ${slug} ${first.price + 700}`);
    await a.waitFor(new RegExp(`^set ${slug} ${first.price + 700}$`), "the edit on instance A");
    const editedAt = Date.now();
    const seen = await eventually(async () => ((await pageOn(b, slug)).price === first.price + 700 ? Date.now() : null), "instance B to serve the new page", BOUND_MS, 10);
    console.log(`[page cache] instance B served the edited page ${seen - editedAt} ms after the edit`);
    expect(await pageOn(b, slug)).toEqual({ price: first.price + 700, cache: "hit" });
  });
});
