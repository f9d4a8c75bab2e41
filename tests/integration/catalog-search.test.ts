import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "@/db/seed";
import { seedProducts } from "@/db/seed-data";
import { createProduct, updateProduct } from "@/lib/catalog";
import { browseCatalog, catalogQuerySchema } from "@/lib/catalog/search";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
});
afterAll(() => testDb.drop());

const names = (page: { products: { name: string }[] }) => page.products.map((p) => p.name);

describe(`catalog search and pages (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("finds by a word of the name or description, and a name with a typo", async () => {
    expect(names(await browseCatalog({ q: "kettel" }))).toEqual(["Cast Iron Kettle"]);
    expect(names(await browseCatalog({ q: "KETTLE" }))).toContain("Cast Iron Kettle");
    const lamp = seedProducts.find((p) => p.slug === "brass-desk-lamp")!;
    const word = lamp.description.split(/\W+/).find((w) => w.length > 5 && !lamp.name.toLowerCase().includes(w.toLowerCase()))!;
    expect(names(await browseCatalog({ q: word }))).toContain(lamp.name);
    expect((await browseCatalog({ q: "zzzqqq nothing like it" })).total).toBe(0);
  });

  it("gives the words' matches and the near names together, the closest name first", async () => {
    // "mugs" is a word of the dripper's description and close to "Stoneware Mug".
    const mugs = names(await browseCatalog({ q: "mugs" }));
    expect(mugs[0]).toBe("Stoneware Mug");
    expect(mugs).toContain("Ceramic Pour-Over Dripper");
    // "pens" is in two descriptions; "Fountain Pen" is near.
    const pens = await browseCatalog({ q: "pens", perPage: 2 });
    expect(pens.total).toBe(3);
    expect(names(pens)[0]).toBe("Fountain Pen");
    expect(pens.hasMore).toBe(true);
    expect(names(await browseCatalog({ q: "pens", perPage: 2, page: 2 }))).toHaveLength(1);
  });

  it("pages through the catalog with exact boundaries, in each order", async () => {
    const all = seedProducts.length;
    const perPage = 5;
    const pages = Math.ceil(all / perPage);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const p = await browseCatalog({ page, perPage });
      expect(p.total).toBe(all);
      expect(p.products).toHaveLength(page < pages ? perPage : all - perPage * (pages - 1));
      expect(p.hasMore).toBe(page < pages);
      seen.push(...names(p));
    }
    expect(new Set(seen).size).toBe(all);
    expect((await browseCatalog({ page: pages + 1, perPage })).products).toEqual([]);

    const cheapFirst = (await browseCatalog({ sort: "price_asc", perPage: 100 })).products.map((p) => p.unitAmount);
    expect(cheapFirst).toEqual([...cheapFirst].sort((a, b) => a - b));
    const dearFirst = (await browseCatalog({ sort: "price_desc", perPage: 100 })).products.map((p) => p.unitAmount);
    expect(dearFirst).toEqual([...cheapFirst].reverse());
  });

  it("shows a new product at once and hides an archived one", async () => {
    const made = await createProduct({ name: "Quokka Pen Tray", description: "Oiled wood, for a quokka or a pen.", unit_amount: 3200 });
    expect(names(await browseCatalog({ sort: "newest" }))[0]).toBe("Quokka Pen Tray");
    expect(names(await browseCatalog({ q: "quokka" }))).toEqual(["Quokka Pen Tray"]);
    await updateProduct(made.id, { active: false });
    expect(names(await browseCatalog({ sort: "newest" }))).not.toContain("Quokka Pen Tray");
    expect((await browseCatalog({ q: "quokka" })).total).toBe(0);
  });

  it("takes any query text without an error: quotes, operators, wildcards, control characters, very long", async () => {
    for (const raw of ["'); drop table products; --", '"unclosed', "a & | ! <-> :*", "%_\\", "\u0000\u0007kettle", "🙂 ☕", "x".repeat(5000), "-", "   "]) {
      const q = catalogQuerySchema.parse({ q: raw }).q;
      expect(q === undefined || q.length <= 100).toBe(true);
      const page = await browseCatalog({ q });
      expect(page.total).toBeGreaterThanOrEqual(0);
    }
    expect(names(await browseCatalog({ q: catalogQuerySchema.parse({ q: "\u0000\u0007kettle" }).q }))).toContain("Cast Iron Kettle");
    expect(catalogQuerySchema.safeParse({ page: "0" }).success).toBe(false);
    expect(catalogQuerySchema.safeParse({ per_page: "101" }).success).toBe(false);
    expect(catalogQuerySchema.safeParse({ sort: "cheapest" }).error?.issues[0].path).toEqual(["sort"]);
  });
});
