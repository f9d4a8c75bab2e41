/**
 * A purchase with the keyboard alone: from the catalog to the confirmation, by Tab, typing, Space
 * and Enter — through the cart drawer, the Address Element and the Payment Element (iframes).
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { cartDrawer, uniqueEmail } from "./support/shop";

type Focused = { label: string; text: string };

/** What has the keyboard focus, in the page or in one of its frames (an iframe's own element, not the iframe). */
async function focused(page: Page): Promise<Focused | null> {
  for (const frame of page.frames()) {
    const info = await frame
      .evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!document.hasFocus() || !el || el === document.body || el.tagName === "IFRAME") return null;
        const labels = (el as HTMLInputElement).labels;
        const label = (labels && labels[0]?.textContent) || el.getAttribute("aria-label") || "";
        return { label: label.trim(), text: (el.textContent ?? "").trim() };
      })
      .catch(() => null);
    if (info) return info;
  }
  return null;
}

/** Press Tab until the focused element's label or text matches; fails if it never does. */
async function tabTo(page: Page, what: RegExp, max = 60): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now && (what.test(now.label) || what.test(now.text))) return;
    seen.push(now ? now.label || now.text.slice(0, 40) : "(nothing)");
  }
  throw new Error(`Tab never reached ${what}; it went through: ${seen.join(" | ")}`);
}

test("a guest buys with the keyboard alone", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await tabTo(page, /Cast Iron Kettle/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/products\/cast-iron-kettle$/);

  await tabTo(page, /^Add to cart$/);
  await page.keyboard.press("Enter");
  const drawer = cartDrawer(page);
  await expect(drawer.getByRole("status")).toHaveText("Added to your cart.");
  await tabTo(page, /^Checkout$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/checkout$/);

  await tabTo(page, /^Email$/);
  await page.keyboard.type(uniqueEmail("keyboard"));
  await tabTo(page, /^Full name$/);
  await page.keyboard.type("Jenny Rosen");
  await tabTo(page, /^Address line 1$/);
  await page.keyboard.type("1 SW Main St");
  await tabTo(page, /^City$/);
  await page.keyboard.type("Portland");
  await tabTo(page, /^State$/);
  await page.keyboard.type("Oregon");
  await tabTo(page, /^ZIP code$/);
  await page.keyboard.type("97204");

  await expect(page.getByRole("group", { name: "Shipping method" })).toBeVisible();
  // Tab enters the method group at the chosen radio; the arrow keys move the choice, as in any radio group.
  await tabTo(page, /^Standard/);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: /^Express\b/ })).toBeChecked();
  // $89.00 + $15.00 express, no sales tax in Oregon.
  await expect(page.getByTestId("checkout-total")).toHaveText("$104.00");

  await tabTo(page, /^Card number$/);
  await page.keyboard.type("4242424242424242");
  await tabTo(page, /^Expiration date$/);
  await page.keyboard.type("1240");
  await tabTo(page, /^Security code$/);
  await page.keyboard.type("123");
  await tabTo(page, /^ZIP code$/);
  await page.keyboard.type("97204");

  await tabTo(page, /^Pay \$104\.00$/);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
  await expect(page.getByTestId("amount-paid")).toHaveText("$104.00");
  await expect(page.getByTestId("shipping-method")).toHaveText("Express");
});
