import { expect, test } from "./fixtures";
import { addProductToCart, chargesFor, emailsTo, fillCard, fillShippingAddress, intentsForCart, uniqueEmail } from "./support/shop";

test.describe("purchase", () => {
  test("a guest buys two products and gets a receipt", async ({ page, request, browser, baseURL }) => {
    await addProductToCart(page, "Stoneware Mug");
    await addProductToCart(page, "Linen Notebook A5");
    await expect(page.getByTestId("cart-count")).toHaveText("2");

    await page.getByRole("link", { name: /^Cart/ }).click();
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    await page.getByRole("button", { name: "Increase quantity of Stoneware Mug" }).click();
    const mugLine = page.getByRole("listitem", { name: "Stoneware Mug" });
    await expect(mugLine.getByTestId("line-quantity")).toHaveText("2");
    await expect(mugLine.getByTestId("line-total")).toHaveText("$44.00");
    await expect(page.getByTestId("cart-subtotal")).toHaveText("$60.00");
    await page.reload(); // the server kept it
    await expect(page.getByTestId("cart-subtotal")).toHaveText("$60.00");
    await expect(page.getByTestId("cart-count")).toHaveText("3");

    await page.getByRole("link", { name: "Checkout" }).click();
    await expect(page.getByTestId("checkout-total")).toHaveText("$60.00");
    await expect(page.getByTestId("shipping-pending")).toHaveText("Shipping and taxes calculated at checkout");
    const email = uniqueEmail("guest");
    await page.getByLabel("Email").fill(email);
    await fillShippingAddress(page);
    // Oregon: Standard $5.00, no sales tax.
    await expect(page.getByTestId("checkout-total")).toHaveText("$65.00");
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $65.00" }).click();

    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    await expect(page.getByTestId("amount-paid")).toHaveText("$65.00");
    await expect(page.getByTestId("payment-intent-id")).toHaveText(/^pi_/);
    await expect(page.getByTestId("cart-count")).toHaveText("0");
    await page.goto("/cart");
    await expect(page.getByText("Your cart is empty.")).toBeVisible();

    await expect.poll(async () => (await emailsTo(request, email)).map((e) => e.kind), { timeout: 20_000 }).toEqual(["receipt"]);
    const [receipt] = await emailsTo(request, email);
    expect(receipt.text).toContain("Total  $65.00");
    expect(receipt.text).toContain("Stoneware Mug x 2");

    // The receipt's link opens the order for the guest, in a browser that has no session at all.
    const link = new URL(/View your order: (\S+)/.exec(receipt.text)![1]);
    expect(link.searchParams.get("token")).toMatch(/^[\w-]{32,}$/);
    const stranger = await browser.newContext({ baseURL });
    const guestPage = await stranger.newPage();
    await guestPage.goto(`${link.pathname}${link.search}`);
    await expect(guestPage.getByTestId("amount-paid")).toHaveText("$65.00");
    await guestPage.goto(`${link.pathname}?order=${link.searchParams.get("order")}&token=wrong`);
    await expect(guestPage.getByRole("heading", { name: "We couldn't find that payment" })).toBeVisible();
    await stranger.close();
  });

  test("a bad email is the email field's error; a declined card shows a plain message with focus on it, then another card succeeds", async ({ page, request }) => {
    await addProductToCart(page, "Merino Beanie");
    await page.goto("/checkout");
    const email = uniqueEmail("decline");
    await page.getByLabel("Email").fill("shopper@");
    await fillShippingAddress(page);
    await fillCard(page, "4000 0000 0000 0002");
    await page.getByRole("button", { name: "Pay $40.00" }).click();
    const emailField = page.getByRole("textbox", { name: "Email" });
    await expect(emailField).toHaveAttribute("aria-invalid", "true");
    await expect(emailField).toBeFocused();
    await expect(page.locator("#email-error")).toHaveText("Email must be a valid email address");
    await expect(page.getByTestId("payment-error")).toHaveCount(0);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Pay $40.00" }).click();
    await expect(page.getByTestId("payment-error")).toHaveText("Your card was declined. Try another card, or contact your bank.");
    await expect(page.getByTestId("payment-error")).toBeFocused();
    await expect(page.getByTestId("cart-count")).toHaveText("1");

    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $40.00" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    await expect(page.getByTestId("amount-paid")).toHaveText("$40.00");
    // The receipt alone: the "payment failed" email waits PAYMENT_FAILED_EMAIL_DELAY_MINUTES and is
    // dropped once the order is paid (tests/integration/webhooks-jobs.test.ts runs that job).
    await expect.poll(async () => (await emailsTo(request, email)).map((e) => e.kind), { timeout: 20_000 }).toEqual(["receipt"]);
  });

  test("a 3-D Secure card pays once the challenge is completed", async ({ page }) => {
    await addProductToCart(page, "Fountain Pen");
    await page.goto("/checkout");
    await page.getByLabel("Email").fill(uniqueEmail("3ds"));
    await fillShippingAddress(page);
    await fillCard(page, "4000 0025 0000 3155");
    await page.getByRole("button", { name: "Pay $80.00" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
    await dialog.getByRole("button", { name: "Complete" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    await expect(page.getByTestId("amount-paid")).toHaveText("$80.00");
  });

  test("a double click and a second tab make exactly one PaymentIntent and one charge", async ({ page, context, request }) => {
    await addProductToCart(page, "Canvas Tote Bag");
    const cartId = (await (await page.request.get("/api/v1/cart")).json()).id as string;
    const secondTab = await context.newPage();
    await secondTab.goto("/checkout");
    await page.goto("/checkout");
    const email = uniqueEmail("double");
    for (const tab of [secondTab, page]) {
      await tab.getByLabel("Email").fill(email);
      await fillShippingAddress(tab);
      await fillCard(tab, "4242 4242 4242 4242");
    }
    // The second tab starts its checkout first: same cart version, so the same intent.
    await secondTab.getByRole("button", { name: "Pay $29.00" }).click();
    await expect(secondTab.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    await page.getByRole("button", { name: "Pay $29.00" }).dblclick();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" }).or(page.getByTestId("payment-error"))).toBeVisible();

    const intents = await intentsForCart(request, cartId);
    expect(intents).toHaveLength(1);
    expect(intents[0].status).toBe("succeeded");
    const charges = await chargesFor(request, intents[0].id);
    expect(charges.filter((c) => c.status === "succeeded")).toHaveLength(1);
  });

  test("a double click on Pay confirms once", async ({ page, request }) => {
    await addProductToCart(page, "Glass Cold Brew Bottle");
    const cartId = (await (await page.request.get("/api/v1/cart")).json()).id as string;
    await page.goto("/checkout");
    await page.getByLabel("Email").fill(uniqueEmail("dblclick"));
    await fillShippingAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $34.00" }).dblclick();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    const intents = await intentsForCart(request, cartId);
    expect(intents).toHaveLength(1);
    expect(await chargesFor(request, intents[0].id)).toHaveLength(1);
  });
});
