import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshPlannerStatistics } from "@/db/maintenance";
import { seedCatalog } from "@/db/seed";
import { seedScale } from "@/db/seed-scale";
import { browseCatalog } from "@/lib/catalog/search";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
});
afterAll(() => testDb.drop());

const plan = async (q: string) =>
  (await testDb.handle.query<{ "QUERY PLAN": string }>(
    `explain select id from products where active and to_tsvector('simple', name || ' ' || description) @@ websearch_to_tsquery('simple', $1)`,
    [q],
  ))
    .map((r) => r["QUERY PLAN"])
    .join("\n");

describe(`planner maintenance after a bulk write (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("gives the planner statistics so a search uses its index, and leaves results unchanged", async () => {
    await seedScale(testDb.handle.db, { currency: "usd", scale: { products: 3000, users: 0, orders: 0, webhookEvents: 0 } });
    const before = await browseCatalog({ q: "kettle" });
    const result = await refreshPlannerStatistics(testDb.handle);
    expect(result.ginIndexes).toBeGreaterThanOrEqual(2); // the search and the name-trigram indexes
    const [{ tuples }] = await testDb.handle.query<{ tuples: number }>("select reltuples::int as tuples from pg_class where relname = 'products'");
    expect(tuples).toBeGreaterThanOrEqual(3000);
    expect(await plan("kettle")).toContain("products_search_idx");
    const after = await browseCatalog({ q: "kettle" });
    expect(after.products.map((p) => p.name)).toEqual(before.products.map((p) => p.name));
    expect(after.products.map((p) => p.name)).toContain("Cast Iron Kettle");
    // Run again (as the schedule does): nothing to fail on.
    expect((await refreshPlannerStatistics(testDb.handle)).ginIndexes).toBe(result.ginIndexes);
  });
});
