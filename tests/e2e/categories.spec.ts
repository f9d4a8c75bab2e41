import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { seedProducts } from "../../db/seed-data";
import { expect, test } from "./fixtures";

const namesIn = (slug: string) => seedProducts.filter((p) => p.category === slug).map((p) => p.name);

async function expectOnly(page: Page, slug: string) {
  const list = page.getByRole("list", { name: "Products" });
  const expected = namesIn(slug);
  await expect(list.getByRole("listitem")).toHaveCount(expected.length);
  for (const name of expected) await expect(list.getByRole("link", { name, exact: true })).toBeVisible();
}

async function expectNoSideScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

test.describe("categories", () => {
  test("at 1280 px: the header opens a category with only its products; the product page suggests more of the same", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Kitchen", exact: true }).click();
    await expect(page).toHaveURL(/\/c\/kitchen$/);
    await expect(page.getByRole("heading", { level: 1, name: "Kitchen" })).toBeVisible();
    await expectOnly(page, "kitchen");
    await expect(page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Kitchen" })).toHaveAttribute("aria-current", "page");
    await expectNoSideScroll(page);

    // Search and sort stay inside the category.
    await page.getByRole("main").getByRole("searchbox").fill("lamp");
    await page.getByRole("main").getByRole("searchbox").press("Enter");
    await expect(page).toHaveURL(/\/c\/kitchen\?q=lamp(&|$)/);
    await expect(page.getByText("No products match “lamp”.")).toBeVisible();

    await page.goto("/c/kitchen");
    await page.getByRole("list", { name: "Products" }).getByRole("link", { name: "Cast Iron Kettle" }).click();
    await expect(page).toHaveURL(/\/products\/cast-iron-kettle$/);
    const related = page.getByRole("list", { name: "You may also like" });
    await expect(page.getByRole("heading", { level: 2, name: "You may also like" })).toBeVisible();
    const kin = namesIn("kitchen").filter((n) => n !== "Cast Iron Kettle");
    await expect(related.getByRole("listitem")).toHaveCount(Math.min(4, kin.length));
    for (const text of await related.getByRole("link").allTextContents()) expect(kin).toContain(text.trim());
  });

  test("at 390 px: the menu drawer opens a category; the header stays one row; nothing scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Desk", exact: true }).click();
    await expect(page).toHaveURL(/\/c\/desk$/);
    await expect(page.getByRole("heading", { level: 1, name: "Desk" })).toBeVisible();
    await expectOnly(page, "desk");
    const header = await page.locator("header").first().boundingBox();
    expect(header!.height).toBeLessThan(72);
    await expectNoSideScroll(page);
    await page.goto("/products/brass-desk-lamp");
    await expect(page.getByRole("heading", { level: 2, name: "You may also like" })).toBeVisible();
    await expectNoSideScroll(page);
  });

  test("an unknown category is a 404; the catalog's chips link every category", async ({ page }) => {
    const res = await page.goto("/c/no-such-shelf");
    expect(res!.status()).toBe(404);
    await page.goto("/");
    const chips = page.getByRole("navigation", { name: "Categories" });
    for (const name of ["All", "Desk", "Kitchen", "Wear", "Carry"]) await expect(chips.getByRole("link", { name, exact: true })).toBeVisible();
    await chips.getByRole("link", { name: "Carry", exact: true }).click();
    await expectOnly(page, "carry");
  });

  test("between a tablet and a desktop the header's category links fit on one row", async ({ page }) => {
    for (const width of [768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/c/wear");
      const main = page.getByRole("navigation", { name: "Main" });
      const boxes = await Promise.all(["Shop", "Desk", "Kitchen", "Wear", "Carry"].map((name) => main.getByRole("link", { name, exact: true }).boundingBox()));
      for (const box of boxes) expect(box!.y, `${width} px`).toBe(boxes[0]!.y);
      await expectNoSideScroll(page);
    }
  });

  for (const width of [1280, 390]) {
    test(`axe at ${width} px on /c/desk: no serious or critical violations`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/c/desk");
      await expect(page.getByRole("heading", { level: 1, name: "Desk" })).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
    });
  }
});
