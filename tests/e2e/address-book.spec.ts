import { expect, test } from "./fixtures";
import { seriousViolations } from "./support/a11y";
import { signUp } from "./support/accounts";
import { addProductToCart, addressFrame, fillCard, fillShippingAddress, TEST_ADDRESS, uniqueEmail } from "./support/shop";

const BERLIN = { name: "Max Mustermann", line1: "Unter den Linden 1", city: "Berlin", state: "Berlin", postal_code: "10117", country: "DE" };

test.describe("the address book", () => {
  test("a member keeps addresses, the default fills in the checkout, another is picked there and paid with", async ({ page }) => {
    const email = uniqueEmail("addresses");
    await signUp(page, { name: "Max Mustermann", email, password: "address-book-pw" });
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" })).toBeAttached();
    await page.goto("/account");
    await page.getByRole("link", { name: /Addresses/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your addresses" })).toBeVisible();
    await expect(page.getByTestId("address-book-empty")).toBeVisible();

    // A German address without its postal code: the field says what is wrong, nothing is kept.
    await page.getByLabel("Full name").fill(BERLIN.name);
    await page.getByLabel("Country or region").selectOption("DE");
    await page.getByLabel("Address line 1").fill(BERLIN.line1);
    await page.getByLabel("City").fill(BERLIN.city);
    await page.getByRole("button", { name: "Save address" }).click();
    const postal = page.getByLabel("ZIP or postal code");
    await expect(postal).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#postal_code-error")).toHaveText("is required");
    await expect(page.getByLabel("Address line 1")).toHaveValue(BERLIN.line1);
    await postal.fill(BERLIN.postal_code);
    await page.getByRole("button", { name: "Save address" }).click();
    await expect(page.getByRole("status")).toHaveText("Address saved.");
    const entries = page.getByTestId("address-entry");
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText("Unter den Linden 1");
    await expect(entries.first()).toContainText("Default");

    // A second address, then made the default.
    await page.getByLabel("Full name").fill(TEST_ADDRESS.name);
    await page.getByLabel("Country or region").selectOption("US");
    await page.getByLabel("Address line 1").fill(TEST_ADDRESS.line1);
    await page.getByLabel("City").fill(TEST_ADDRESS.city);
    await page.getByLabel("State, province or region").fill(TEST_ADDRESS.state);
    await page.getByLabel("ZIP or postal code").fill(TEST_ADDRESS.postal_code);
    await page.getByRole("button", { name: "Save address" }).click();
    await expect(entries).toHaveCount(2);
    await entries.filter({ hasText: "1 SW Main St" }).getByRole("button", { name: /Make default/ }).click();
    await expect(entries.first()).toContainText("1 SW Main St");
    await expect(entries.first()).toContainText("Default");
    expect(await seriousViolations(page)).toEqual([]);

    // The checkout starts from the default address, priced without typing anything.
    await addProductToCart(page, "Stoneware Mug");
    await page.goto("/checkout");
    await expect(addressFrame(page).getByLabel("Address line 1")).toHaveValue(TEST_ADDRESS.line1);
    await expect(page.getByRole("group", { name: "Shipping method" })).toBeVisible();
    // $22.00 + $5.00 Standard to Oregon, no sales tax there.
    await expect(page.getByTestId("checkout-total")).toHaveText("$27.00");

    // The other saved address, picked from the list: Germany, $9.00 shipping and 19 % VAT.
    await page.getByLabel("Saved addresses").selectOption({ label: "Max Mustermann, Unter den Linden 1, Berlin, 10117, Germany" });
    await expect(addressFrame(page).getByLabel("Address line 1")).toHaveValue(BERLIN.line1);
    await expect(page.getByTestId("checkout-shipping")).toHaveText("$9.00");
    await expect(page.getByTestId("checkout-total")).toHaveText("$36.89");
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $36.89" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    await expect(page.getByTestId("shipping-address")).toContainText("Unter den Linden 1");
  });

  test("an address typed at checkout is kept when the member asks, once", async ({ page }) => {
    await signUp(page, { name: "Jenny Rosen", email: uniqueEmail("save-address"), password: "address-book-pw" });
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" })).toBeAttached();
    await addProductToCart(page, "Stoneware Mug");
    await page.goto("/checkout");
    await expect(page.getByLabel("Saved addresses")).toHaveCount(0);
    await fillShippingAddress(page);
    await page.getByLabel("Save this address to my address book").check();
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $27.00" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();

    await page.goto("/account/addresses");
    const entries = page.getByTestId("address-entry");
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText("1 SW Main St");
    await expect(entries.first()).toContainText("Default");
  });
});
