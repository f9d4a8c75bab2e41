import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as categoryList } from "@/app/api/v1/categories/route";
import { GET as productList } from "@/app/api/v1/products/route";
import { countProducts, seedCatalog } from "@/db/seed";
import { seedCategories, seedProducts } from "@/db/seed-data";
import { categories, products } from "@/db/schema";
import { getProductBySlug, invalidateCatalog, updateProduct } from "@/lib/catalog";
import { getCategoryBySlug, listCategories, relatedProducts } from "@/lib/catalog/categories";
import { browseCatalog } from "@/lib/catalog/search";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
  // An empty shelf, made the way an operator would (straight into the table).
  await testDb.handle.db.insert(categories).values({ slug: "garden", name: "Garden", description: "Soon.", position: 9 });
  invalidateCatalog();
});
afterAll(() => testDb.drop());

const seededIn = (slug: string) => seedProducts.filter((p) => p.category === slug).map((p) => p.name).sort();

async function get(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string) {
  const res = await handler(new Request(`http://shop.test${path}`), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

describe(`categories (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("seeds desk, kitchen, wear and carry with every seeded product in one, idempotently", async () => {
    expect((await listCategories()).map((c) => c.slug)).toEqual([...seedCategories.map((c) => c.slug), "garden"]);
    const before = await countProducts(testDb.handle.db);
    expect(await seedCatalog(testDb.handle.db, { currency: "usd" })).toBe(0);
    expect(await countProducts(testDb.handle.db)).toBe(before);
    expect(await testDb.handle.db.select().from(categories)).toHaveLength(seedCategories.length + 1);
    const uncategorised = await testDb.handle.db.select().from(products).where(eq(products.active, true));
    expect(uncategorised.filter((p) => p.categoryId === null)).toEqual([]);
    for (const c of seedCategories) expect(seededIn(c.slug).length).toBeGreaterThan(0);
  });

  it("a seeded product left without a category gets its own back on the next seed, an operator's choice is kept", async () => {
    const mug = (await getProductBySlug("stoneware-mug"))!;
    const desk = (await getCategoryBySlug("desk"))!;
    await testDb.handle.db.update(products).set({ categoryId: null }).where(eq(products.id, mug.id));
    await testDb.handle.db.update(products).set({ categoryId: desk.id }).where(eq(products.slug, "merino-beanie"));
    await seedCatalog(testDb.handle.db, { currency: "usd" });
    const rows = await testDb.handle.db.select().from(products);
    const kitchen = (await getCategoryBySlug("kitchen"))!;
    expect(rows.find((p) => p.slug === "stoneware-mug")!.categoryId).toBe(kitchen.id);
    expect(rows.find((p) => p.slug === "merino-beanie")!.categoryId).toBe(desk.id);
    const wear = (await getCategoryBySlug("wear"))!;
    await testDb.handle.db.update(products).set({ categoryId: wear.id }).where(eq(products.slug, "merino-beanie"));
    invalidateCatalog();
  });

  it("browses one category, with search, sort and exact page boundaries inside it", async () => {
    const kitchen = (await getCategoryBySlug("kitchen"))!;
    const all = seededIn("kitchen");
    const whole = await browseCatalog({ categoryId: kitchen.id, perPage: 100 });
    expect(whole.products.map((p) => p.name)).toEqual(all);
    expect(whole.total).toBe(all.length);

    const perPage = 2;
    const pages = Math.ceil(all.length / perPage);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const p = await browseCatalog({ categoryId: kitchen.id, page, perPage });
      expect(p.total).toBe(all.length);
      expect(p.hasMore).toBe(page < pages);
      seen.push(...p.products.map((x) => x.name));
    }
    expect(seen).toEqual(all);
    expect((await browseCatalog({ categoryId: kitchen.id, page: pages + 1, perPage })).products).toEqual([]);

    const cheapFirst = (await browseCatalog({ categoryId: kitchen.id, sort: "price_asc" })).products.map((p) => p.unitAmount);
    expect(cheapFirst).toEqual([...cheapFirst].sort((a, b) => a - b));
    expect((await browseCatalog({ categoryId: kitchen.id, q: "kettel" })).products.map((p) => p.name)).toEqual(["Cast Iron Kettle"]);
    // The lamp is on the desk shelf, not in the kitchen.
    expect((await browseCatalog({ categoryId: kitchen.id, q: "lamp" })).total).toBe(0);

    const garden = (await getCategoryBySlug("garden"))!;
    expect(await browseCatalog({ categoryId: garden.id })).toMatchObject({ products: [], total: 0, hasMore: false });
  });

  it("GET /api/v1/categories lists them; GET /api/v1/products?category= filters, pages, and refuses an unknown slug naming it", async () => {
    const listed = await get(categoryList, "/api/v1/categories");
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((c: { slug: string }) => c.slug)).toEqual(["desk", "kitchen", "wear", "carry", "garden"]);
    expect(Object.keys(listed.body.data[0]).sort()).toEqual(["description", "id", "name", "slug"]);

    const desk = await get(productList, "/api/v1/products?category=desk");
    expect(desk.status).toBe(200);
    expect(desk.body.data.map((p: { name: string }) => p.name)).toEqual(seededIn("desk"));
    expect(desk.body.total).toBe(seededIn("desk").length);
    // The product shape is seed 002's, unchanged: no category field is added.
    expect(Object.keys(desk.body.data[0]).sort()).toEqual(["currency", "description", "id", "image", "name", "requires_shipping", "slug", "unit_amount"]);

    const page2 = await get(productList, "/api/v1/products?category=desk&per_page=3&page=2");
    expect(page2.body).toMatchObject({ page: 2, per_page: 3, total: seededIn("desk").length, has_more: false });
    expect(page2.body.data.map((p: { name: string }) => p.name)).toEqual(seededIn("desk").slice(3, 6));

    expect((await get(productList, "/api/v1/products?category=garden")).body).toMatchObject({ data: [], total: 0, has_more: false });

    for (const slug of ["nope", "Desk", "%00", "a".repeat(200)]) {
      const bad = await get(productList, `/api/v1/products?category=${encodeURIComponent(slug)}`);
      expect(bad.status, slug).toBe(400);
      expect(JSON.stringify(bad.body), slug).toContain("category");
    }
    // Without a category, every active product, as before.
    expect((await get(productList, "/api/v1/products")).body.total).toBe(seedProducts.length);
  });

  it("relates up to 4 other active products of the same category, none without a category", async () => {
    const lamp = (await getProductBySlug("brass-desk-lamp"))!;
    const related = await relatedProducts(lamp);
    expect(related.map((p) => p.name)).toEqual(seededIn("desk").filter((n) => n !== lamp.name).slice(0, 4));
    const kettle = (await getProductBySlug("cast-iron-kettle"))!;
    const kin = await relatedProducts(kettle);
    expect(kin).toHaveLength(Math.min(4, seededIn("kitchen").length - 1));
    expect(kin.map((p) => p.id)).not.toContain(kettle.id);

    const pen = (await getProductBySlug("fountain-pen"))!;
    await updateProduct(pen.id, { active: false });
    expect((await relatedProducts(lamp)).map((p) => p.id)).not.toContain(pen.id);
    await updateProduct(pen.id, { active: true });

    expect(await relatedProducts({ id: lamp.id, categoryId: null })).toEqual([]);
  });
});
