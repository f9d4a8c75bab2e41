import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoSideScroll, seriousViolations } from "./support/a11y";
import { addToCartHere, cartDrawer } from "./support/shop";

/** Whether the focused element is inside the cart drawer. */
const focusInDrawer = (page: Page) => page.evaluate(() => !!document.activeElement?.closest("dialog[data-cart-drawer]"));

for (const width of [1280, 390]) {
  test.describe(`cart drawer at ${width} px`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      // No slide-in animation (the drawer honours the setting), so its box is measured where it rests.
      await page.emulateMedia({ reducedMotion: "reduce" });
    });

    test("adding opens the drawer: focus inside and kept there, stepper, Escape and close return focus", async ({ page }) => {
      await page.goto("/products/stoneware-mug");
      const add = page.getByRole("button", { name: "Add to cart" });
      await add.click();

      const drawer = cartDrawer(page);
      await expect(drawer).toBeVisible();
      await expect(drawer).toHaveAttribute("aria-modal", "true");
      await expect(drawer.getByRole("status")).toHaveText("Added to your cart.");
      expect(await focusInDrawer(page)).toBe(true);
      // The page behind does not scroll while the drawer is open.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("hidden");

      const line = drawer.getByRole("listitem", { name: "Stoneware Mug" });
      await expect(line.locator("img")).toHaveAttribute("src", "/products/stoneware-mug.svg");
      await expect(line.getByTestId("line-quantity")).toHaveText("1");
      await expect(drawer.getByTestId("cart-subtotal")).toHaveText("$22.00");
      await expect(drawer.getByText("Shipping and taxes calculated at checkout.")).toBeVisible();
      await expect(drawer.getByRole("link", { name: "Checkout" })).toHaveAttribute("href", "/checkout");
      await expect(drawer.getByRole("link", { name: "View cart" })).toHaveAttribute("href", "/cart");

      // Tab and Shift+Tab cycle through the drawer's controls and never leave it.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        expect(await focusInDrawer(page), `after ${i + 1} Tab`).toBe(true);
      }
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press("Shift+Tab");
        expect(await focusInDrawer(page), `after ${i + 1} Shift+Tab`).toBe(true);
      }

      // The stepper changes the line and the subtotal, and the server keeps it.
      await line.getByRole("button", { name: "Increase quantity of Stoneware Mug" }).click();
      await expect(line.getByTestId("line-quantity")).toHaveText("2");
      await expect(line.getByTestId("line-total")).toHaveText("$44.00");
      await expect(drawer.getByTestId("cart-subtotal")).toHaveText("$44.00");
      await expect(page.getByTestId("cart-count")).toHaveText("2");
      const api = await (await page.request.get("/api/v1/cart")).json();
      expect(api.items).toEqual([
        { product_id: expect.any(String), slug: "stoneware-mug", name: "Stoneware Mug", image: "/products/stoneware-mug.svg", unit_amount: 2200, quantity: 2, amount: 4400 },
      ]);

      if (width === 390) {
        await expectNoSideScroll(page);
        const box = (await drawer.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(await drawer.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
      }
      expect(await seriousViolations(page)).toEqual([]);

      await page.keyboard.press("Escape");
      await expect(drawer).toBeHidden();
      await expect(add).toBeFocused();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe("hidden");

      // Again, closed with its button this time.
      await add.click();
      await expect(drawer.getByRole("listitem", { name: "Stoneware Mug" }).getByTestId("line-quantity")).toHaveText("3");
      await drawer.getByRole("button", { name: "Close cart" }).click();
      await expect(drawer).toBeHidden();
      await expect(add).toBeFocused();

      // "View cart" leads to the cart page, whose lines show thumbnails too; the drawer closes.
      await add.click();
      await drawer.getByRole("link", { name: "View cart" }).click();
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByRole("heading", { level: 1, name: "Your cart" })).toBeVisible();
      await expect(drawer).toBeHidden();
      const pageLine = page.getByRole("listitem", { name: "Stoneware Mug" });
      await expect(pageLine.getByTestId("line-quantity")).toHaveText("4");
      await expect(pageLine.locator("img")).toHaveAttribute("src", "/products/stoneware-mug.svg");
      if (width === 390) await expectNoSideScroll(page);
    });

    test("removing the last line in the drawer says the cart is empty and keeps focus in the drawer", async ({ page }) => {
      await page.goto("/products/fountain-pen");
      await addToCartHere(page, { keepDrawerOpen: true });
      const drawer = cartDrawer(page);
      await drawer.getByRole("button", { name: "Remove Fountain Pen" }).click();
      await expect(drawer.getByText("Your cart is empty.")).toBeVisible();
      await expect(drawer.getByRole("link", { name: "Continue shopping" })).toBeVisible();
      await expect(drawer.getByRole("button", { name: "Close cart" })).toBeFocused();
      await expect(page.getByTestId("cart-count")).toHaveText("0");
    });

    test("stock: sold out disables Add to cart; low stock caps the stepper and the server refuses more", async ({ page }) => {
      await page.goto("/products/wool-felt-laptop-sleeve");
      await expect(page.getByTestId("availability")).toHaveText("Out of stock");
      await expect(page.getByRole("button", { name: "Add to cart" })).toBeDisabled();
      const refused = await page.request.post("/api/v1/cart", { data: { product_id: await productId(page, "wool-felt-laptop-sleeve"), quantity: 1 } });
      expect(refused.status()).toBe(409);
      expect((await refused.json()).error).toMatchObject({ code: "out_of_stock", fields: { quantity: [expect.stringContaining("out of stock")] } });

      await page.goto("/products/single-origin-coffee-beans");
      await expect(page.getByTestId("availability")).toHaveText("Only 4 left");
      const quantity = page.getByLabel("Quantity", { exact: true });
      await expect(quantity).toHaveAttribute("max", "4");
      await quantity.fill("4");
      await addToCartHere(page, { keepDrawerOpen: true });
      // The drawer's + asks the server, which refuses the fifth; the line stays at 4 and says why.
      const drawer = cartDrawer(page);
      await drawer.getByRole("button", { name: "Increase quantity of Single-Origin Coffee Beans, 340 g" }).click();
      await expect(drawer.getByRole("alert")).toHaveText("Sorry, only 4 of Single-Origin Coffee Beans, 340 g left.");
      await expect(drawer.getByTestId("line-quantity")).toHaveText("4");
      await expect(drawer.getByTestId("cart-subtotal")).toHaveText("$72.00");
      await page.keyboard.press("Escape");
      await expect(drawer).toBeHidden();
      await page.getByRole("button", { name: "Add to cart" }).click(); // 4 + 1 > 4
      await expect(page.getByRole("alert").filter({ hasText: "Sorry" })).toHaveText("Sorry, only 4 of Single-Origin Coffee Beans, 340 g left. Choose fewer and try again.");
      await expect(quantity).toHaveAttribute("aria-invalid", "true");
      await expect(cartDrawer(page)).toBeHidden();
      if (width === 390) await expectNoSideScroll(page);
    });

    test("the gallery: thumbnails switch the main image, by mouse or keyboard; Open Graph keeps the first", async ({ page }) => {
      await page.goto("/products/brass-desk-lamp");
      const main = page.getByTestId("gallery-main");
      await expect(main).toHaveAttribute("src", "/products/brass-desk-lamp.svg");
      await expect(main).toHaveAttribute("alt", "Brass Desk Lamp");
      const thumbs = page.getByRole("list", { name: "Product images" }).getByRole("button");
      await expect(thumbs).toHaveCount(3);
      await expect(thumbs.nth(0)).toHaveAttribute("aria-current", "true");

      await page.getByRole("button", { name: "Image 2 of 3" }).click();
      await expect(main).toHaveAttribute("src", "/products/brass-desk-lamp-2.svg");
      await expect(main).toHaveAttribute("alt", "Brass Desk Lamp, image 2 of 3");
      await expect(thumbs.nth(1)).toHaveAttribute("aria-current", "true");
      await expect(thumbs.nth(0)).not.toHaveAttribute("aria-current", /.*/);

      await page.getByRole("button", { name: "Image 3 of 3" }).focus();
      await page.keyboard.press("Enter");
      await expect(main).toHaveAttribute("src", "/products/brass-desk-lamp-3.svg");
      await expect(thumbs.nth(2)).toHaveAttribute("aria-current", "true");

      await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/products\/brass-desk-lamp\.svg$/);
      if (width === 390) await expectNoSideScroll(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

/** A product's id by slug, from the public API. */
async function productId(page: Page, slug: string): Promise<string> {
  const res = await page.request.get("/api/v1/products");
  const { data } = (await res.json()) as { data: { id: string; slug: string }[] };
  const found = data.find((p) => p.slug === slug);
  if (!found) throw new Error(`no product ${slug}`);
  return found.id;
}
