import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countProducts, seedCatalog } from "@/db/seed";
import { seedProducts } from "@/db/seed-data";
import { getProductBySlug, invalidateCatalog, listProducts, toProductDto } from "@/lib/catalog";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

describe(`catalog (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("seeds the demo catalog once, however often it runs", async () => {
    const first = await seedCatalog(testDb.handle.db, { currency: "usd" });
    const second = await seedCatalog(testDb.handle.db, { currency: "usd" });
    expect(first).toBe(seedProducts.length);
    expect(second).toBe(0);
    expect(await countProducts(testDb.handle.db)).toBe(seedProducts.length);
  });

  it("lists active products by name with integer prices", async () => {
    invalidateCatalog();
    const products = await listProducts();
    expect(products).toHaveLength(seedProducts.length);
    const names = products.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const p of products) {
      expect(Number.isInteger(p.unitAmount)).toBe(true);
      expect(p.currency).toBe("usd");
      expect(p.image).toMatch(/^\/products\/.+\.svg$/);
    }
  });

  it("finds a product by slug and shapes it for the API", async () => {
    const product = await getProductBySlug("stoneware-mug");
    expect(product).not.toBeNull();
    const dto = toProductDto(product!);
    expect(dto).toEqual({
      id: product!.id,
      slug: "stoneware-mug",
      name: "Stoneware Mug",
      description: expect.any(String),
      unit_amount: 2200,
      currency: "usd",
      image: "/products/stoneware-mug.svg",
      requires_shipping: true,
    });
    expect(await getProductBySlug("no-such-thing")).toBeNull();
  });

  it("refuses rows that break the money rules", async () => {
    const { products } = await import("@/db/schema");
    await expect(
      testDb.handle.db.insert(products).values({ slug: "bad", name: "Bad", description: "x", unitAmount: -1, currency: "usd", image: "/x.svg" }),
    ).rejects.toThrow();
    await expect(
      testDb.handle.db.insert(products).values({ slug: "bad2", name: "Bad", description: "x", unitAmount: 1, currency: "US Dollar", image: "/x.svg" }),
    ).rejects.toThrow();
    await expect(
      testDb.handle.db.insert(products).values({ slug: "bad3", name: "Bad", description: "x", unitAmount: 1, currency: "usd", image: "/x.svg", stock: -1 }),
    ).rejects.toThrow();
    expect(await countProducts(testDb.handle.db)).toBe(seedProducts.length);
  });

  it("seeds stock and gallery views; a product seeded before galleries gets its views, an edited one is left alone", async () => {
    const { products } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [lamp] = await testDb.handle.db.select().from(products).where(eq(products.slug, "brass-desk-lamp"));
    expect(lamp.gallery).toEqual(["/products/brass-desk-lamp-2.svg", "/products/brass-desk-lamp-3.svg"]);
    expect(lamp.stock).toBe(seedProducts.find((p) => p.slug === "brass-desk-lamp")!.stock);
    await testDb.handle.db.update(products).set({ gallery: [] }).where(eq(products.slug, "brass-desk-lamp"));
    await testDb.handle.db.update(products).set({ gallery: [], image: "/products/own-photo.jpg" }).where(eq(products.slug, "stoneware-mug"));
    await seedCatalog(testDb.handle.db, { currency: "usd" });
    const [again] = await testDb.handle.db.select().from(products).where(eq(products.slug, "brass-desk-lamp"));
    expect(again.gallery).toEqual(lamp.gallery);
    const [mug] = await testDb.handle.db.select().from(products).where(eq(products.slug, "stoneware-mug"));
    expect(mug.gallery).toEqual([]);
    await testDb.handle.db.update(products).set({ image: "/products/stoneware-mug.svg" }).where(eq(products.slug, "stoneware-mug"));
  });
});
