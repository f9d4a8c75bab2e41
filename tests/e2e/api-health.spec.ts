import { seedProducts } from "../../db/seed-data";
import { expect, test } from "./fixtures";
import { createServerDatabase, freePort, startAppServer, type AppServer, type ServerDatabase } from "../../support/servers";

test.describe("catalog API", () => {
  test("GET /api/v1/products lists the catalog in minor units", async ({ request }) => {
    const res = await request.get("/api/v1/products");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    const body = await res.json();
    expect(body.data).toHaveLength(seedProducts.length);
    const mug = body.data.find((p: { slug: string }) => p.slug === "stoneware-mug");
    expect(mug).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug: "stoneware-mug",
      name: "Stoneware Mug",
      description: expect.stringContaining("stoneware"),
      unit_amount: 2200,
      currency: "usd",
      image: "/products/stoneware-mug.svg",
      requires_shipping: true,
    });
    const image = await request.get(mug.image);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toContain("image/svg+xml");
  });

  test("seed 002's GET /api/product/ answers the same list", async ({ request }) => {
    const canonical = await (await request.get("/api/v1/products")).json();
    const res = await request.get("/api/product/");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual(canonical);
  });
});

test.describe("health", () => {
  test("answers ok while the database is up", async ({ request }) => {
    const res = await request.get("/api/v1/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
    const legacy = await request.get("/v1/healthcheck");
    expect(legacy.status()).toBe(200);
    expect(await legacy.text()).toBe("true");
  });

  test.describe("with the database unreachable", () => {
    let down: AppServer;
    let database: ServerDatabase;
    test.beforeAll(async () => {
      database = await createServerDatabase("db-down");
      const closed = await freePort(); // nothing listens there
      down = await startAppServer("db-down", { ...database.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/cashline` });
    });
    test.afterAll(async () => {
      await down?.stop();
      await database?.drop();
    });

    test("the health checks answer 503", async ({ request }) => {
      const res = await request.get(`${down.url}/api/v1/health`);
      expect(res.status()).toBe(503);
      expect(await res.json()).toEqual({ status: "degraded", db: "down" });
      const legacy = await request.get(`${down.url}/v1/healthcheck`);
      expect(legacy.status()).toBe(503);
      expect(await legacy.text()).toBe("false");
    });

    test("pages show an error page, not a stack trace", async ({ page }) => {
      await page.goto(`${down.url}/`);
      await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
      await expect(page.locator("body")).not.toContainText("ECONNREFUSED");
      await expect(page.locator("body")).not.toContainText(/at \S+ \(.*:\d+:\d+\)/);
    });
  });
});
