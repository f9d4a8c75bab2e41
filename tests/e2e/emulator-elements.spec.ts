/**
 * The emulator's Stripe.js stand-in driven through the official React bindings in Chromium:
 * a fixture page (bundled here with esbuild, served by a tiny node:http server) mounts
 * <Elements> + <PaymentElement> and pays with confirmPayment({redirect: 'if_required'}).
 * Independent of the Next app: it starts its own emulator.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { build } from "esbuild";
import Stripe from "stripe";
import { startEmulator, type RunningEmulator } from "../../emulator/server";

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

async function openCheckout(page: Page, amount = 2000): Promise<Stripe.PaymentIntent> {
  const pi = await stripe.paymentIntents.create({ amount, currency: "usd", automatic_payment_methods: { enabled: true } });
  await page.goto(`${fixtureUrl}/?cs=${encodeURIComponent(pi.client_secret!)}`);
  await expect(page.getByLabel("Card number")).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
  return pi;
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration date").fill(`12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`);
  await page.getByLabel("Security code").fill("123");
  await page.getByLabel("ZIP").fill("94107");
}

test("pays with 4242 4242 4242 4242", async ({ page }) => {
  const pi = await openCheckout(page);
  await fillCard(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("complete")).toHaveText("Card details complete");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("status")).toHaveText("Payment status: succeeded");
  const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method"] });
  expect(after.status).toBe("succeeded");
  expect((after.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
  expect(hostTraffic.join("\n")).not.toContain("4242424242424242");
  expect(hostTraffic.join("\n")).not.toContain("4242 4242");
});

test("validates card details as the user types", async ({ page }) => {
  await openCheckout(page);
  await page.getByLabel("Card number").fill("4242 4242 4242 4241");
  await expect(page.getByText("Your card number is invalid.")).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242");
  await page.getByLabel("Expiration date").focus();
  await expect(page.getByText("Your card number is incomplete.")).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiration date").fill("12 / 19");
  await expect(page.getByText("Your card's expiration year is in the past.")).toBeVisible();
  await page.getByLabel("Expiration date").fill("12 / 40");
  await page.getByLabel("Security code").fill("1");
  await page.getByLabel("ZIP").focus();
  await expect(page.getByText("Your card's security code is incomplete.")).toBeVisible();
  await expect(page.getByTestId("complete")).toHaveText("Card details incomplete");
});

test("shows the decline for 4000 0000 0000 0002", async ({ page }) => {
  const pi = await openCheckout(page);
  await fillCard(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("error")).toHaveText("Your card was declined.");
  await expect(page.getByTestId("status")).toHaveText("Payment status: requires_payment_method");
  const after = await stripe.paymentIntents.retrieve(pi.id);
  expect(after.last_payment_error?.decline_code).toBe("generic_decline");
});

test("3-D Secure challenge completed → succeeded", async ({ page }) => {
  const pi = await openCheckout(page);
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
