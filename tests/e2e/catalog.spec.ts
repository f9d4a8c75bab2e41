import { seedProducts } from "../../db/seed-data";
import { formatMoney } from "../../lib/money";
import { expect, test } from "./fixtures";

test.describe("catalog", () => {
  test("shows every seeded product with its price in the store's currency", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Shop" })).toBeVisible();
    const list = page.getByRole("list", { name: "Products" });
    await expect(list.getByRole("listitem")).toHaveCount(seedProducts.length);
    for (const p of seedProducts) {
      const card = list.getByRole("listitem").filter({ has: page.getByRole("link", { name: p.name, exact: true }) });
      await expect(card.getByTestId("price")).toHaveText(formatMoney(p.unitAmount, "usd"));
    }
    await expect(list.getByRole("link", { name: "Brass Desk Lamp" })).toBeVisible();
    await expect(list.getByRole("listitem").filter({ hasText: "Brass Desk Lamp" }).getByTestId("price")).toHaveText("$129.00");
  });

  test("pages carry security headers with a CSP that allows only this mode's Stripe", async ({ request }) => {
    const res = await request.get("/");
    const csp = res.headers()["content-security-policy"];
    expect(csp).toContain(`script-src 'self' 'unsafe-inline' ${process.env.E2E_EMULATOR_URL}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("opens a product page from the catalog", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Stoneware Mug", exact: true }).click();
    await expect(page).toHaveURL(/\/products\/stoneware-mug$/);
    await expect(page.getByRole("heading", { level: 1, name: "Stoneware Mug" })).toBeVisible();
    await expect(page.getByRole("article").getByTestId("price")).toHaveText("$22.00");
    await expect(page.getByRole("img", { name: "Stoneware Mug" })).toBeVisible();
    await expect(page).toHaveTitle(/Stoneware Mug/);
  });

  test("an unknown product gives the 404 page", async ({ page }) => {
    const response = await page.goto("/products/no-such-product");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to the shop" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Shop" })).toBeVisible();
  });

  test("is usable on a phone-sized screen: two columns of products within the screen", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("/");
    const cards = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(a!.width).toBeGreaterThan(150);
    expect(b!.y).toBe(a!.y);
    expect(b!.x + b!.width).toBeLessThanOrEqual(375);
  });

  test("on a 390 px phone: the header is one row with a menu drawer, and no page scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/", "/products/brass-desk-lamp", "/cart", "/checkout", "/pricing", "/login", "/signup"]) {
      await page.goto(path);
      const header = await page.locator("header").first().boundingBox();
      expect(header!.height, `${path}: header height`).toBeLessThan(72);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, `${path}: scrollWidth`).toBeLessThanOrEqual(innerWidth);
    }
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    const drawer = page.getByRole("navigation", { name: "Menu" });
    await expect(drawer.getByRole("link", { name: "Shop" })).toBeFocused();
    await expect(drawer.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();
    await menu.click();
    await drawer.getByRole("link", { name: "Membership" }).click();
    await expect(page.getByRole("heading", { name: "Membership" })).toBeVisible();
    await expect(drawer).toBeHidden();
  });

  test("the header's Create account is hidden on the sign-in and sign-up pages", async ({ page }) => {
    const main = page.getByRole("navigation", { name: "Main" });
    await page.goto("/");
    await expect(main.getByRole("link", { name: "Create account" })).toBeVisible();
    for (const path of ["/login", "/signup"]) {
      await page.goto(path);
      await expect(main.getByRole("link", { name: "Sign in" })).toBeVisible();
      await expect(main.getByRole("link", { name: "Create account" })).toHaveCount(0);
    }
  });

  test("search from the header finds the kettle for 'kettel'; the order can change; no match says so", async ({ page }) => {
    await page.goto("/");
    const header = page.getByRole("banner");
    await header.getByRole("searchbox", { name: "Search products" }).fill("kettel");
    await header.getByRole("searchbox", { name: "Search products" }).press("Enter");
    await expect(page).toHaveURL(/\/search\?q=kettel$/);
    const list = page.getByRole("list", { name: "Products" });
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("link", { name: "Cast Iron Kettle" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "matches" })).toHaveText("1 product matches “kettel”.");

    await page.goto("/?sort=price_desc");
    await expect(page.getByRole("combobox", { name: "Sort by" })).toHaveValue("price_desc");
    // The list streams in behind its skeleton: wait for it, then read the prices in page order.
    await expect(list.getByRole("listitem").nth(1)).toBeVisible();
    const prices = await list.getByRole("listitem").evaluateAll((items) =>
      items.map((li) => Number(/\$([\d,]+\.\d{2})/.exec(li.textContent ?? "")?.[1].replace(/,/g, "") ?? NaN)),
    );
    expect(prices.length).toBeGreaterThan(1);
    expect(prices.every((p) => Number.isFinite(p))).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));

    await page.goto("/search?q=zzzqqq");
    await expect(page.getByText("No products match “zzzqqq”.")).toBeVisible();
  });
});
