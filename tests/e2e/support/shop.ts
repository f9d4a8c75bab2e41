import type { APIRequestContext, FrameLocator, Page } from "@playwright/test";
import { expect } from "@playwright/test";

/** The Payment Element's iframe, found as on real Stripe test mode (the emulator's stand-in titles it the same). */
export const paymentFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure payment input frame"]');

/** Type a card into the Payment Element as a shopper would. */
export async function fillCard(page: Page, number: string) {
  const frame = paymentFrame(page);
  await frame.getByLabel("Card number").fill(number);
  await frame.getByLabel("Expiration date").fill(`12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`);
  await frame.getByLabel("Security code").fill("123");
  await frame.getByLabel("Country").selectOption("US");
  await frame.getByLabel("ZIP code").fill("94107");
}

/** The cart drawer (a modal dialog) that adding to the cart opens. */
export const cartDrawer = (page: Page) => page.getByRole("dialog", { name: "Your cart" });

/** Press the product page's "Add to cart", wait for the cart drawer it opens, and close it (Escape) unless asked to keep it. */
export async function addToCartHere(page: Page, opts: { keepDrawerOpen?: boolean } = {}) {
  await page.getByRole("button", { name: "Add to cart" }).click();
  const drawer = cartDrawer(page);
  await expect(drawer.getByRole("status")).toHaveText("Added to your cart.");
  if (opts.keepDrawerOpen) return;
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
}

/** The Address Element's iframe (titled as on real Stripe). */
export const addressFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure address input frame"]');

export type TestAddress = { name: string; line1: string; line2?: string; city: string; state: string; postal_code: string; country: string };

/**
 * Where the suite ships by default: Oregon has no sales tax, so a checkout's total is its subtotal
 * plus Standard shipping ($5.00 under $100, free from $100). The same address for API calls.
 */
export const TEST_ADDRESS: TestAddress = { name: "Jenny Rosen", line1: "1 SW Main St", city: "Portland", state: "OR", postal_code: "97204", country: "US" };

/**
 * The one place checkout's shipping address is typed: the Address Element filled as a shopper
 * would, then the shipping method chosen (when given) once the server has quoted the rates.
 */
export async function fillShippingAddress(page: Page, address: TestAddress = TEST_ADDRESS, method?: string) {
  const frame = addressFrame(page);
  await frame.getByLabel("Full name").fill(address.name);
  await frame.getByLabel("Country or region").selectOption(address.country);
  await frame.getByLabel("Address line 1").fill(address.line1);
  if (address.line2) await frame.getByLabel("Address line 2").fill(address.line2);
  await frame.getByLabel("City").fill(address.city);
  if (address.country === "US") await frame.getByLabel("State").selectOption(address.state);
  else await frame.getByLabel("State, county, province, or region").fill(address.state);
  await frame.getByLabel(address.country === "US" ? "ZIP code" : "Postal code").fill(address.postal_code);
  await expect(page.getByRole("group", { name: "Shipping method" })).toBeVisible();
  if (method) await page.getByRole("radio", { name: new RegExp(`^${method}\\b`) }).check();
  await expect(page.getByTestId("checkout-shipping")).toBeVisible();
}

/** Open a product from the catalog and add `quantity` of it to the cart (the drawer it opens is closed again). */
export async function addProductToCart(page: Page, name: string, quantity = 1) {
  await page.goto("/");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  if (quantity !== 1) await page.getByLabel("Quantity", { exact: true }).fill(String(quantity));
  await addToCartHere(page);
}

export async function adminToken(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/v1/auth/token", {
    data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).access;
}

type OutboxEmail = { kind: string; to: string; subject: string; text: string; status: string; order_id: string };

/** The receipts and notices Cashline wrote to `to`, read through the admin API. */
export async function emailsTo(request: APIRequestContext, to: string): Promise<OutboxEmail[]> {
  const token = await adminToken(request);
  // The outbox filtered to this recipient (a test's emails are never pushed off a page by others').
  const res = await request.get(`/api/v1/admin/emails?to=${encodeURIComponent(to)}&limit=100`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()).data as OutboxEmail[]).filter((e) => e.to === to);
}

/** PaymentIntents the emulator holds for one cart (read with the Stripe API, as an operator would). */
export async function intentsForCart(request: APIRequestContext, cartId: string) {
  const res = await request.get(`${process.env.E2E_EMULATOR_URL}/v1/payment_intents?limit=100`, {
    headers: { Authorization: "Bearer sk_test_e2e" },
  });
  expect(res.status()).toBe(200);
  const intents = (await res.json()).data as { id: string; status: string; latest_charge: string | null; metadata: Record<string, string> }[];
  return intents.filter((pi) => pi.metadata.cart_id === cartId);
}

export async function chargesFor(request: APIRequestContext, paymentIntentId: string) {
  const res = await request.get(`${process.env.E2E_EMULATOR_URL}/v1/charges?payment_intent=${paymentIntentId}&limit=100`, {
    headers: { Authorization: "Bearer sk_test_e2e" },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).data as { id: string; status: string; paid: boolean }[];
}

export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
