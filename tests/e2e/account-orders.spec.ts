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
});
