import { expect, test } from "./fixtures";
import { addProductToCart, emailsTo, fillCard, fillShippingAddress, TEST_ADDRESS, uniqueEmail } from "./support/shop";

const CALIFORNIA = { name: "Ada Lovelace", line1: "354 Oyster Point Blvd", line2: "Suite 2", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" };

test.describe("checkout with a shipping address, a method and tax", () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px, express to California: the total includes shipping and tax; the confirmation, the intent and the receipt carry the address`, async ({ page, request }) => {
      await page.setViewportSize({ width, height: 900 });
      await addProductToCart(page, "Cast Iron Kettle");
      await page.goto("/cart");
      await expect(page.getByTestId("shipping-note")).toHaveText("Shipping and taxes calculated at checkout");
      await page.goto("/checkout");
      await expect(page.getByTestId("shipping-pending")).toHaveText("Shipping and taxes calculated at checkout");
      const email = uniqueEmail("express");
      await page.getByLabel("Email").fill(email);
      await fillShippingAddress(page, CALIFORNIA, "Express");
      // $89.00 + $15.00 express; California 7.25 % of $104.00 = $7.54
      await expect(page.getByTestId("checkout-shipping")).toHaveText("$15.00");
      await expect(page.getByTestId("checkout-tax")).toHaveText("$7.54");
      await expect(page.getByTestId("checkout-total")).toHaveText("$111.54");
      // The address form and the method list fit the screen: nothing scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await fillCard(page, "4242 4242 4242 4242");
      await page.getByRole("button", { name: "Pay $111.54" }).click();

      await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
      await expect(page.getByTestId("amount-paid")).toHaveText("$111.54");
      const address = page.getByTestId("shipping-address");
      await expect(address).toContainText("Ada Lovelace");
      await expect(address).toContainText("354 Oyster Point Blvd");
      await expect(address).toContainText("Suite 2");
      await expect(address).toContainText("South San Francisco, CA 94080");
      await expect(page.getByTestId("shipping-method")).toHaveText("Express");
      await expect(page.getByTestId("order-shipping-amount")).toHaveText("$15.00");
      await expect(page.getByTestId("order-tax-amount")).toHaveText("$7.54");

      const paymentIntent = (await page.getByTestId("payment-intent-id").textContent())!.trim();
      const pi = await (await request.get(`${process.env.E2E_EMULATOR_URL}/v1/payment_intents/${paymentIntent}`, { headers: { Authorization: "Bearer sk_test_e2e" } })).json();
      expect(pi).toMatchObject({ amount: 11154, status: "succeeded", shipping: { name: "Ada Lovelace", address: { line1: "354 Oyster Point Blvd", line2: "Suite 2", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" } } });

      await expect.poll(async () => (await emailsTo(request, email)).map((e) => e.kind), { timeout: 20_000 }).toEqual(["receipt"]);
      const [receipt] = await emailsTo(request, email);
      expect(receipt.text).toContain("Subtotal  $89.00");
      expect(receipt.text).toContain("Shipping (Express)  $15.00");
      expect(receipt.text).toContain("Tax  $7.54");
      expect(receipt.text).toContain("Total  $111.54");
      expect(receipt.text).toContain("Shipping to:\nAda Lovelace\n354 Oyster Point Blvd\nSuite 2\nSouth San Francisco, CA 94080\nUnited States");
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }

  test("a new address re-prices the summary; VAT in Germany", async ({ page }) => {
    await addProductToCart(page, "Stoneware Mug");
    await page.goto("/checkout");
    await fillShippingAddress(page);
    await expect(page.getByTestId("checkout-total")).toHaveText("$27.00");
    await fillShippingAddress(page, { name: "Max Mustermann", line1: "Unter den Linden 1", city: "Berlin", state: "Berlin", postal_code: "10117", country: "DE" });
    // $22.00 + $9.00 standard to Germany, 19 % VAT of $31.00 = $5.89
    await expect(page.getByTestId("checkout-shipping")).toHaveText("$9.00");
    await expect(page.getByTestId("checkout-tax")).toHaveText("$5.89");
    await expect(page.getByRole("button", { name: "Pay $36.89" })).toBeVisible();
  });

  test("the API: rates per country, and refusals that name the field", async ({ request }) => {
    const rates = await request.get("/api/v1/shipping-rates?country=GB");
    expect(rates.status()).toBe(200);
    expect((await rates.json()).data).toEqual([
      { id: "standard", name: "Standard", amount: 900, currency: "usd", free_over: 15000, delivery_estimate: { min_days: 4, max_days: 7 } },
      { id: "express", name: "Express", amount: 2500, currency: "usd", free_over: null, delivery_estimate: { min_days: 2, max_days: 3 } },
    ]);
    for (const country of ["ZZ", "usa", ""]) {
      const bad = await request.get(`/api/v1/shipping-rates?country=${country}`);
      expect(bad.status()).toBe(400);
      expect(Object.keys((await bad.json()).error.fields)).toEqual(["country"]);
    }
    const products = (await (await request.get("/api/v1/products")).json()).data as { id: string }[];
    expect((await request.post("/api/v1/cart", { data: { product_id: products[0].id, quantity: 1 } })).status()).toBe(200);
    const missing = await request.post("/api/v1/checkout", { data: { email: "api-ship@example.com" } });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).error.fields).toEqual({ shipping_address: ["is required"] });
    const unknown = await request.post("/api/v1/checkout", { data: { email: "api-ship@example.com", shipping_address: TEST_ADDRESS, shipping_rate: "teleport" } });
    expect(unknown.status()).toBe(400);
    expect(Object.keys((await unknown.json()).error.fields)).toEqual(["shipping_rate"]);
    const postal = await request.post("/api/v1/checkout", { data: { email: "api-ship@example.com", shipping_address: { ...TEST_ADDRESS, postal_code: "ABC" }, shipping_rate: "standard" } });
    expect(postal.status()).toBe(400);
    expect(Object.keys((await postal.json()).error.fields)).toEqual(["shipping_address.postal_code"]);
    const ok = await request.post("/api/v1/checkout", { data: { email: "api-ship@example.com", shipping_address: TEST_ADDRESS, shipping_rate: "express" } });
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body.amounts).toEqual({ subtotal: body.amounts.subtotal, shipping: 1500, tax: 0, total: body.amounts.subtotal + 1500, tax_inclusive: false });
    expect(body.amount).toBe(body.amounts.total);
    expect(body.shipping_rate).toEqual({ id: "express", name: "Express" });
  });
});
