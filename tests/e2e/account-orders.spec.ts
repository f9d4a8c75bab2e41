import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn, signOut, signUp } from "./support/accounts";
import { addProductToCart, fillCard, fillShippingAddress } from "./support/shop";

const unique = () => randomBytes(4).toString("hex");

test.describe("orders of an account", () => {
  test("a guest cart joins the account; the member pays and finds the order after signing in again", async ({ page }) => {
    const user = { name: `Grace ${unique()}`, email: `grace-${unique()}@example.com`, password: "compiler-1952" };
    await addProductToCart(page, "Walnut Desk Organizer");
    await expect(page.getByTestId("cart-count")).toHaveText("1");

    await signUp(page, user);
    await expect(page.getByRole("navigation", { name: "Main" }).getByText(user.name)).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("1"); // merged into the account

    await page.goto("/checkout");
    await expect(page.getByText(`Receipt to ${user.email}`)).toBeVisible();
    await fillShippingAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $64.00" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    const orderNumber = (await page.getByTestId("order-number").textContent())!.trim();
    const paymentIntent = (await page.getByTestId("payment-intent-id").textContent())!.trim();
    await page.getByRole("link", { name: "View order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderUrl = page.url();
    await expect(page.getByText("Walnut Desk Organizer")).toBeVisible();
    await expect(page.getByText(paymentIntent)).toBeVisible();

    await signOut(page);
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders/);
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/orders$/);
    const row = page.getByRole("list", { name: "Orders" }).getByRole("listitem").filter({ hasText: `Order ${orderNumber}` });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("price")).toHaveText("$64.00");
    await expect(row).toContainText(/paid/i);

    // A second member cannot open it: 404, not 403.
    await signOut(page);
    const eve = { name: `Eve ${unique()}`, email: `eve-${unique()}@example.com`, password: "not-your-order" };
    await signUp(page, eve);
    await expect(page.getByRole("navigation", { name: "Main" }).getByText(eve.name)).toBeVisible();
    const response = await page.goto(orderUrl);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("a guest creates an account from the confirmation page, and the order is theirs", async ({ page }) => {
    const user = { name: `Linus ${unique()}`, email: `linus-${unique()}@example.com`, password: "kernel-1991" };
    await addProductToCart(page, "Walnut Desk Organizer");
    await page.goto("/checkout");
    await page.getByLabel("Email").fill(user.email);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $59.00" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    const orderNumber = (await page.getByTestId("order-number").textContent())!.trim();

    await page.getByRole("link", { name: "Create an account to track this order" }).click();
    await expect(page.getByTestId("claim-note")).toBeVisible();
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: `Order ${orderNumber}` })).toBeVisible();
    await page.goto("/orders");
    await expect(page.getByRole("list", { name: "Orders" }).getByRole("listitem").filter({ hasText: `Order ${orderNumber}` })).toHaveCount(1);
  });

  test.describe("in the shopper's time zone", () => {
    test.use({ timezoneId: "Asia/Tokyo" });

    test("a declined attempt is not an order: it waits under 'Not completed' until it is paid, and times read in local time", async ({ page }) => {
      const user = { name: `Ada ${unique()}`, email: `ada-${unique()}@example.com`, password: "engine-1843" };
      await signUp(page, user);
      await expect(page.getByRole("navigation", { name: "Main" }).getByText(user.name)).toBeVisible();
      await addProductToCart(page, "Walnut Desk Organizer");
      await page.goto("/checkout");
      await fillCard(page, "4000 0000 0000 0002");
      await page.getByRole("button", { name: "Pay $59.00" }).click();
      await expect(page.getByTestId("payment-error")).toBeVisible();

      await page.goto("/orders");
      await expect(page.getByText("No orders yet.")).toBeVisible();
      await expect(page.getByRole("list", { name: "Orders" })).toHaveCount(0);
      const attempt = page.getByRole("list", { name: "Not completed" }).getByRole("listitem");
      await expect(attempt).toHaveCount(1);
      // The decline reaches the order through its webhook, which the worker applies shortly.
      await expect(async () => {
        await page.reload();
        await expect(attempt.getByTestId("order-status")).toHaveText("Payment failed", { timeout: 1_000 });
      }).toPass();
      // Rendered in UTC on the server, then in the browser's zone (Tokyo is GMT+9).
      await expect(attempt.locator("time")).toContainText("GMT+9");

      await page.goto("/checkout");
      await fillCard(page, "4242 4242 4242 4242");
      await page.getByRole("button", { name: "Pay $59.00" }).click();
      await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
      await page.goto("/orders");
      const placed = page.getByRole("list", { name: "Orders" }).getByRole("listitem");
      await expect(placed).toHaveCount(1);
      await expect(placed.getByTestId("order-status")).toHaveText("Paid");
      await expect(page.getByRole("list", { name: "Not completed" })).toHaveCount(0);
    });
  });
});
