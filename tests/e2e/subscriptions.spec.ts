import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { emailsTo, fillCard, uniqueEmail } from "./support/shop";

const PASSWORD = "a long enough password";

/** A member made through the signup page, signed in. */
async function newMember(page: Page, tag: string): Promise<string> {
  const email = uniqueEmail(tag);
  await page.goto("/signup?callbackUrl=%2Faccount%2Fsubscription");
  await page.getByLabel("Name").fill("Member");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Your subscription" })).toBeVisible();
  return email;
}

const subscribeButton = (page: Page, plan = "Basic") => page.getByRole("button", { name: new RegExp(`^Subscribe to ${plan} for`) });

async function emulatorSubscription(request: APIRequestContext, email: string) {
  const auth = { Authorization: "Bearer sk_test_e2e" };
  const customers = await (await request.get(`${process.env.E2E_EMULATOR_URL}/v1/customers?email=${encodeURIComponent(email)}`, { headers: auth })).json();
  expect(customers.data).toHaveLength(1);
  const subs = await (await request.get(`${process.env.E2E_EMULATOR_URL}/v1/subscriptions?customer=${customers.data[0].id}&status=all`, { headers: auth })).json();
  return subs.data as { id: string; status: string; default_payment_method: string | null; items: { data: { current_period_start: number; current_period_end: number }[] } }[];
}

test.describe("subscriptions", () => {
  test("a guest goes from pricing to signup, subscribes to Basic with 4242 and sees it active with its period", async ({ page, request }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Membership" }).first().click();
    await expect(page.getByRole("heading", { name: "Membership" })).toBeVisible();
    const basic = page.getByTestId("plan-basic");
    await expect(basic).toContainText("$9.00");
    await expect(page.getByTestId("plan-pro")).toContainText("$29.00");
    await basic.getByRole("link", { name: "Sign up for Basic" }).click();
    await expect(page).toHaveURL(/\/signup\?callbackUrl=/);
    const email = uniqueEmail("sub-guest");
    await page.getByLabel("Name").fill("New Member");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByRole("heading", { name: "Your subscription" })).toBeVisible();
    await expect(page.getByRole("radio", { name: /Basic/ })).toBeChecked();
    await fillCard(page, "4242 4242 4242 4242");
    // A double click subscribes once.
    await subscribeButton(page).dblclick();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\. Renews on /);
    await expect(page.getByTestId("subscription-card")).toHaveText("VISA ending in 4242");
    await expect(page.getByTestId("subscription-price")).toHaveText("$9.00 a month");
    const [sub, ...others] = await emulatorSubscription(request, email);
    expect(others).toHaveLength(0);
    const fmt = (s: number) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(s * 1000));
    await expect(page.getByTestId("subscription-period")).toHaveText(`${fmt(sub.items.data[0].current_period_start)} – ${fmt(sub.items.data[0].current_period_end)}`);
    await expect(page.getByTestId("invoices")).toContainText("$9.00");
    await expect(page.getByTestId("invoices")).toContainText("paid");

    // The pricing page marks the plan; the account menu links here.
    await page.goto("/pricing");
    await expect(page.getByTestId("plan-basic")).toContainText("Your plan");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Subscription" }).click();
    await expect(page.getByRole("heading", { name: "Your subscription" })).toBeVisible();
    await expect.poll(async () => (await emailsTo(request, email)).map((e) => e.kind), { timeout: 20_000 }).toEqual(["subscription_started"]);
  });

  test("a declined card shows a plain message, then another card pays the same subscription", async ({ page, request }) => {
    const email = await newMember(page, "sub-decline");
    await fillCard(page, "4000 0000 0000 0002");
    await subscribeButton(page).click();
    await expect(page.getByTestId("payment-error")).toHaveText("Your card was declined. Try another card, or contact your bank.");
    await expect(page.getByRole("heading", { name: "Complete your payment" })).toBeVisible();
    await fillCard(page, "5555 5555 5555 4444");
    await subscribeButton(page).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\./);
    await expect(page.getByTestId("subscription-card")).toHaveText("MASTERCARD ending in 4444");
    expect(await emulatorSubscription(request, email)).toHaveLength(1);
  });

  test("3-D Secure: a failed challenge leaves it unpaid, a completed one makes it active", async ({ page }) => {
    await newMember(page, "sub-3ds");
    await fillCard(page, "4000 0025 0000 3155");
    await subscribeButton(page).click();
    let dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
    await dialog.getByRole("button", { name: "Fail" }).click();
    await expect(page.getByTestId("payment-error")).toBeVisible();
    await fillCard(page, "4000 0025 0000 3155");
    await subscribeButton(page).click();
    dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Complete" }).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\./);
  });

  test("cancel at period end, then resume; switch to Pro seeing the prorated charge first, then preview a downgrade's credit", async ({ page }) => {
    await newMember(page, "sub-cancel");
    await fillCard(page, "4242 4242 4242 4242");
    await subscribeButton(page).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\. Renews on /);
    await page.getByRole("button", { name: "Cancel at period end" }).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active until .+, then it ends\.$/);
    await page.getByRole("button", { name: "Resume subscription" }).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\. Renews on /);
    // Upgrade: the preview's figure is charged today, and that is the invoice.
    await page.getByRole("button", { name: /^Switch to Pro/ }).click();
    const amount = page.getByTestId("plan-change-amount");
    await expect(amount).toHaveText(/^You'll be charged \$\d+\.\d\d today for the rest of this period on Pro\.$/);
    const charged = /\$\d+\.\d\d/.exec((await amount.textContent())!)![0];
    await page.getByRole("button", { name: "Confirm switch to Pro" }).click();
    await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
    await expect(page.getByTestId("subscription-price")).toHaveText("$29.00 a month");
    await expect(page.getByTestId("invoices").getByRole("row").filter({ hasText: charged })).toContainText("paid");
    // Downgrade: a credit on the next invoice; "Keep" changes nothing.
    await page.getByRole("button", { name: /^Switch to Basic/ }).click();
    await expect(page.getByTestId("plan-change-amount")).toHaveText(/^A credit of \$\d+\.\d\d goes to your next invoice/);
    await page.getByRole("button", { name: "Keep Pro" }).click();
    await expect(page.getByTestId("plan-change-preview")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
  });

  test("an upgrade the card declines shows the payment due, and another card pays it", async ({ page, request }) => {
    const email = await newMember(page, "sub-upgrade-decline");
    await fillCard(page, "4242 4242 4242 4242");
    await subscribeButton(page).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\. Renews on /);
    const [sub] = await emulatorSubscription(request, email);
    expect((await request.post(`${process.env.E2E_EMULATOR_URL}/_emulator/payment_methods/${sub.default_payment_method}/fail_next`)).status()).toBe(200);
    await page.getByRole("button", { name: /^Switch to Pro/ }).click();
    const charged = /\$\d+\.\d\d/.exec((await page.getByTestId("plan-change-amount").textContent())!)![0];
    await page.getByRole("button", { name: "Confirm switch to Pro" }).click();
    await expect(page.getByTestId("manage-error")).toHaveText(`Your card was declined. Try another card, or contact your bank. Your plan changed; pay the ${charged} due below to keep it.`);
    const due = page.getByTestId("payment-due");
    await expect(due.getByRole("heading")).toHaveText(`Payment due: ${charged}`);
    await fillCard(page, "5555 5555 5555 4444");
    await due.getByRole("button", { name: `Pay ${charged} with this card` }).click();
    await expect(page.getByTestId("subscription-status")).toHaveText(/^Active\. Renews on /);
    await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
    await expect(page.getByTestId("payment-due")).toHaveCount(0);
  });

  test("update the card with a SetupIntent", async ({ page }) => {
    await newMember(page, "sub-card");
    await fillCard(page, "4242 4242 4242 4242");
    await subscribeButton(page).click();
    await expect(page.getByTestId("subscription-card")).toHaveText("VISA ending in 4242");
    await page.getByRole("button", { name: "Update card" }).click();
    await fillCard(page, "5555 5555 5555 4444");
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(page.getByTestId("subscription-card")).toHaveText("MASTERCARD ending in 4444");
  });

  test("a guest opening the subscription page is sent to sign in", async ({ page }) => {
    await page.goto("/account/subscription?plan=pro");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Fsubscription%3Fplan%3Dpro$/);
  });

  test("seed 001's calls verbatim: obtain a token, subscribe, 409 on a second subscribe, the status document", async ({ request }) => {
    const email = `seed001-${randomBytes(4).toString("hex")}@example.com`;
    expect((await request.post("/api/signup/", { data: { first_name: "foo", last_name: "bar", email, password: "password" } })).status()).toBe(200);
    const token = await request.post("/api/token/obtain", { data: { username: email, password: "password" } });
    const { access } = await token.json();
    const headers = { Authorization: `JWT ${access}` };
    expect(await (await request.get("/api/subscriptions/status", { headers })).json()).toEqual({ detail: "Not found." });
    const body = { subscription_product: "basic_subscription", card_number: "4242424242424242", card_expiration_month: 12, card_expiration_year: 2030, card_cvc: 999 };
    const bad = await request.post("/api/subscriptions/subscribe", { headers, data: { ...body, card_expiration_month: 13 } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).message).toContain("card_expiration_month");
    const first = await request.post("/api/subscriptions/subscribe", { headers, data: body });
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({ status: "successful", payment_gateway_status: "active" });
    const second = await request.post("/api/subscriptions/subscribe", { headers, data: body });
    expect(second.status()).toBe(409);
    expect(await second.json()).toMatchObject({ message: expect.any(String) });
    const status = await request.get("/api/subscriptions/status", { headers });
    expect(status.status()).toBe(200);
    const doc = await status.json();
    expect(Object.keys(doc).sort()).toEqual(["current_period_end", "current_period_start", "id_reference", "payment_gateway_status", "price_reference", "purchase_date", "status"]);
    expect(doc).toMatchObject({
      status: "successful",
      payment_gateway_status: "active",
      current_period_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      current_period_end: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      id_reference: expect.stringMatching(/^sub_/),
      price_reference: expect.stringMatching(/^price_/),
      purchase_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect((await request.get("/api/subscriptions/status")).status()).toBe(401);
  });
});
