/**
 * The emulator's Stripe.js stand-in driven through the official React bindings in Chromium:
 * a fixture page (bundled here with esbuild, served by a tiny node:http server) mounts
 * <Elements> with Express Checkout, Link Authentication, Address and Payment Elements and pays
 * with confirmPayment({redirect: 'if_required'}), or saves a card with confirmSetup. The inputs
 * are reached the way a test against real Stripe test mode reaches them: through the iframes
 * ("Secure payment input frame", ...) with Stripe's labels.
 * Independent of the Next app: it starts its own emulator.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { build } from "esbuild";
import Stripe from "stripe";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { fillCard, paymentFrame } from "./support/shop";

let emulator: RunningEmulator;
let stripe: Stripe;
let fixture: http.Server;
let fixtureUrl = "";
/** Everything the fixture (host app) server received: card numbers must never appear here. */
const hostTraffic: string[] = [];

test.beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
  stripe = new Stripe("sk_test_e2e", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
  const bundle = await build({
    entryPoints: [path.join(__dirname, "emulator-fixture", "app.tsx")],
    bundle: true,
    format: "iife",
    platform: "browser",
    jsx: "automatic",
    target: "es2020",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const appJs = bundle.outputFiles[0].text;
  fixture = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hostTraffic.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString("utf8")}`);
      const url = new URL(req.url ?? "/", "http://fixture.local");
      if (url.pathname === "/app.js") {
        res.writeHead(200, { "Content-Type": "application/javascript" });
        res.end(appJs);
        return;
      }
      if (url.pathname === "/") {
        const cfg = {
          publishableKey: "pk_test_emulator",
          stripeJsUrl: `${emulator.url}/v3/stripe.js`,
          clientSecret: url.searchParams.get("cs") ?? "",
          returnUrl: `${fixtureUrl}/done`,
          addressMode: url.searchParams.get("address") === "billing" ? "billing" : "shipping",
        };
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout fixture</title></head>
<body><main><h1>Checkout</h1><div id="root"></div></main>
<script>window.__FIXTURE__ = ${JSON.stringify(cfg)};</script><script src="/app.js"></script></body></html>`);
        return;
      }
      res.writeHead(404).end("not found");
    });
  });
  await new Promise<void>((resolve) => fixture.listen(0, "127.0.0.1", resolve));
  fixtureUrl = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => {
    fixture?.close(() => resolve());
    fixture?.closeAllConnections();
  });
  await emulator?.close();
});

const addressFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure address input frame"]');
const emailFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure email input frame"]');

async function openCheckout(page: Page, amount = 2000, currency = "usd"): Promise<Stripe.PaymentIntent> {
  const pi = await stripe.paymentIntents.create({ amount, currency, automatic_payment_methods: { enabled: true } });
  await page.goto(`${fixtureUrl}/?cs=${encodeURIComponent(pi.client_secret!)}`);
  await expect(paymentFrame(page).getByLabel("Card number")).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
  return pi;
}

async function fillContact(page: Page) {
  await emailFrame(page).getByLabel("Email").fill("jenny.rosen@example.com");
  const address = addressFrame(page);
  await address.getByLabel("Full name").fill("Jenny Rosen");
  await address.getByLabel("Country or region").selectOption("US");
  await address.getByLabel("Address line 1").fill("354 Oyster Point Blvd");
  await address.getByLabel("City").fill("South San Francisco");
  await address.getByLabel("State").selectOption("CA");
  await address.getByLabel("ZIP code").fill("94080");
}

test("pays with 4242 4242 4242 4242 (Express Checkout, Link Authentication, Address and Payment Elements together)", async ({ page }) => {
  const pi = await openCheckout(page);
  await expect(page.getByTestId("express")).toHaveText("Express checkout: no wallets");
  await fillContact(page);
  await expect(page.getByTestId("email")).toHaveText("Email complete: jenny.rosen@example.com");
  await expect(page.getByTestId("address")).toHaveText("Address complete: Jenny Rosen, 354 Oyster Point Blvd");
  await page.getByRole("button", { name: "Read address" }).click();
  await expect(page.getByTestId("address")).toHaveText("Address complete: Jenny Rosen, 354 Oyster Point Blvd, South San Francisco, CA 94080, US");
  await fillCard(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("complete")).toHaveText("Card details complete");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("status")).toHaveText("Payment status: succeeded");
  const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method"] });
  expect(after.status).toBe("succeeded");
  const pm = after.payment_method as Stripe.PaymentMethod;
  expect(pm.card?.last4).toBe("4242");
  expect(pm.billing_details).toMatchObject({ email: "jenny.rosen@example.com", address: { country: "US", postal_code: "94107" } });
  // The Address Element in shipping mode is the PaymentIntent's `shipping`, as on Stripe.
  expect(after.shipping).toMatchObject({ name: "Jenny Rosen", address: { line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" } });
  expect(hostTraffic.join("\n")).not.toContain("4242424242424242");
  expect(hostTraffic.join("\n")).not.toContain("4242 4242");
});

test("with an Address Element in billing mode, the Payment Element leaves Country and ZIP to it", async ({ page }) => {
  const pi = await stripe.paymentIntents.create({ amount: 1800, currency: "usd", automatic_payment_methods: { enabled: true } });
  await page.goto(`${fixtureUrl}/?address=billing&cs=${encodeURIComponent(pi.client_secret!)}`);
  const frame = paymentFrame(page);
  await expect(frame.getByLabel("Card number")).toBeVisible();
  await expect(frame.getByLabel("Country")).toBeHidden();
  await expect(frame.getByLabel("ZIP code")).toBeHidden();
  await fillContact(page);
  await frame.getByLabel("Card number").fill("4242 4242 4242 4242");
  await frame.getByLabel("Expiration date").fill(`12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`);
  await frame.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("status")).toHaveText("Payment status: succeeded");
  const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method"] });
  expect((after.payment_method as Stripe.PaymentMethod).billing_details).toMatchObject({
    name: "Jenny Rosen",
    email: "jenny.rosen@example.com",
    address: { line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "US" },
  });
});

test("the Address Element validates and getValue() shows what is missing", async ({ page }) => {
  await openCheckout(page);
  await addressFrame(page).getByLabel("Full name").fill("Jenny Rosen");
  await expect(page.getByTestId("address")).toHaveText("Address incomplete: Jenny Rosen, ");
  await page.getByRole("button", { name: "Read address" }).click();
  await expect(addressFrame(page).getByText("Your address is incomplete.")).toBeVisible();
  await emailFrame(page).getByLabel("Email").fill("not-an-email");
  await emailFrame(page).getByLabel("Email").blur();
  await expect(emailFrame(page).getByText("Your email address is invalid.")).toBeVisible();
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("error")).toHaveText("Your email address is invalid.");
});

test("saves a card with confirmSetup (a SetupIntent and the Payment Element)", async ({ page }) => {
  const customer = await stripe.customers.create({ email: "save@example.com" });
  const si = await stripe.setupIntents.create({ customer: customer.id });
  await page.goto(`${fixtureUrl}/?cs=${encodeURIComponent(si.client_secret!)}`);
  await expect(page.getByRole("button", { name: "Save card" })).toBeEnabled();
  await fillCard(page, "5555 5555 5555 4444");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByTestId("status")).toHaveText("Setup status: succeeded");
  const after = await stripe.setupIntents.retrieve(si.id, { expand: ["payment_method"] });
  expect(after.status).toBe("succeeded");
  const pm = after.payment_method as Stripe.PaymentMethod;
  expect(pm).toMatchObject({ customer: customer.id, card: { brand: "mastercard", last4: "4444" } });
  expect(hostTraffic.join("\n")).not.toContain("5555555555554444");
});

test("confirmSetup with a 3-D Secure card: the challenge, then succeeded", async ({ page }) => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id });
  await page.goto(`${fixtureUrl}/?cs=${encodeURIComponent(si.client_secret!)}`);
  await expect(page.getByRole("button", { name: "Save card" })).toBeEnabled();
  await fillCard(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Save card" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await dialog.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByTestId("status")).toHaveText("Setup status: succeeded");
  expect((await stripe.setupIntents.retrieve(si.id)).status).toBe("succeeded");
});

test("confirmSetup with a declined card shows the decline", async ({ page }) => {
  const si = await stripe.setupIntents.create({});
  await page.goto(`${fixtureUrl}/?cs=${encodeURIComponent(si.client_secret!)}`);
  await expect(page.getByRole("button", { name: "Save card" })).toBeEnabled();
  await fillCard(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByTestId("error")).toHaveText("Your card was declined.");
  await expect(page.getByTestId("status")).toHaveText("Setup status: requires_payment_method");
  expect((await stripe.setupIntents.retrieve(si.id)).last_setup_error?.decline_code).toBe("generic_decline");
});

test("validates card details as the user types", async ({ page }) => {
  await openCheckout(page);
  const frame = paymentFrame(page);
  await frame.getByLabel("Card number").fill("4242 4242 4242 4241");
  await expect(frame.getByText("Your card number is invalid.")).toBeVisible();
  await frame.getByLabel("Card number").fill("4242 4242");
  await frame.getByLabel("Expiration date").focus();
  await expect(frame.getByText("Your card number is incomplete.")).toBeVisible();
  await frame.getByLabel("Card number").fill("4242 4242 4242 4242");
  await frame.getByLabel("Expiration date").fill("12 / 19");
  await expect(frame.getByText("Your card's expiration year is in the past.")).toBeVisible();
  await frame.getByLabel("Expiration date").fill("12 / 40");
  await frame.getByLabel("Security code").fill("1");
  await frame.getByLabel("ZIP code").focus();
  await expect(frame.getByText("Your card's security code is incomplete.")).toBeVisible();
  await expect(page.getByTestId("complete")).toHaveText("Card details incomplete");
  await frame.getByLabel("Country").selectOption("GB");
  await expect(frame.getByLabel("Postal code")).toBeVisible();
});

test("shows the decline for 4000 0000 0000 0002", async ({ page }) => {
  const pi = await openCheckout(page);
  await fillContact(page);
  await fillCard(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("error")).toHaveText("Your card was declined.");
  await expect(page.getByTestId("status")).toHaveText("Payment status: requires_payment_method");
  const after = await stripe.paymentIntents.retrieve(pi.id);
  expect(after.last_payment_error?.decline_code).toBe("generic_decline");
});

test("3-D Secure challenge completed → succeeded", async ({ page }) => {
  const pi = await openCheckout(page);
  await fillContact(page);
  await fillCard(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await dialog.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByTestId("status")).toHaveText("Payment status: succeeded");
  await expect(dialog).toHaveCount(0);
  expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
});

test("3-D Secure challenge failed → requires_payment_method with an error", async ({ page }) => {
  const pi = await openCheckout(page);
  await fillContact(page);
  await fillCard(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await dialog.getByRole("button", { name: "Fail" }).click();
  await expect(page.getByTestId("error")).toContainText("failed authentication");
  await expect(page.getByTestId("status")).toHaveText("Payment status: requires_payment_method");
  const after = await stripe.paymentIntents.retrieve(pi.id);
  expect(after.status).toBe("requires_payment_method");
  expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
});

test("the 3-D Secure dialog is modal: focus stays inside, Escape fails the challenge, focus returns", async ({ page }) => {
  const pi = await openCheckout(page, 1200, "jpy");
  await fillContact(page);
  await fillCard(page, "4000 0025 0000 3155");
  const pay = page.getByRole("button", { name: "Pay" });
  await pay.click();
  const dialog = page.getByRole("dialog", { name: "3D Secure 2 Test Page" });
  await expect(dialog).toBeVisible();
  // A zero-decimal currency reads as whole yen, not hundredths.
  await expect(dialog).toContainText("of 1,200 JPY");
  await expect(dialog.getByRole("button", { name: "Complete" })).toBeFocused();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => !!document.activeElement?.closest("dialog"));
    expect(inside, `focus left the dialog after ${i + 1} Tab presses`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("error")).toContainText("failed authentication");
  const after = await stripe.paymentIntents.retrieve(pi.id);
  expect(after.status).toBe("requires_payment_method");
  expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
});

test("the card row fits a 358 px column", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openCheckout(page);
  await page.addStyleTag({ content: "main{width:358px;max-width:358px;margin:0 auto;padding:0}" });
  const frame = paymentFrame(page);
  await expect(frame.getByLabel("Security code")).toBeVisible();
  const fits = await frame.locator("body").evaluate(() => {
    const doc = document.documentElement;
    const fields = [...document.querySelectorAll("input, select")].map((el) => el.getBoundingClientRect().right);
    return { scroll: doc.scrollWidth, width: doc.clientWidth, rightmost: Math.max(...fields) };
  });
  expect(fits.scroll).toBeLessThanOrEqual(fits.width);
  expect(fits.rightmost).toBeLessThanOrEqual(fits.width);
  const frameBox = await page.locator('iframe[title="Secure payment input frame"]').boundingBox();
  expect(frameBox!.width).toBeLessThanOrEqual(358);
});

test("the hosted invoice page pays an open invoice with the Payment Element", async ({ page }) => {
  const price = await stripe.prices.create({ product_data: { name: "Monthly box" }, unit_amount: 1500, currency: "usd", recurring: { interval: "month" } });
  const customer = await stripe.customers.create({ email: "hosted@example.com" });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete", expand: ["latest_invoice"] });
  const invoice = sub.latest_invoice as Stripe.Invoice;
  await page.goto(invoice.hosted_invoice_url!);
  await expect(page.getByTestId("invoice-status")).toHaveText("Due");
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay $15.00" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
  expect((await stripe.invoices.retrieve(invoice.id!)).status).toBe("paid");
  expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
});
