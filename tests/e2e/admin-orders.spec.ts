import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import Stripe from "stripe";
import { eventJson } from "../support/events";
import { expect, test } from "./fixtures";
import { signIn } from "./support/accounts";
import { emailsTo, TEST_ADDRESS } from "./support/shop";

/** axe on the page as it is: no serious or critical violations. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test.describe("admin: orders, refunds, webhooks", () => {
  test("an admin finds an order by email, refunds part of it, sees it partially refunded and the refund email", async ({ page, request }) => {
    const email = `refund-${randomBytes(4).toString("hex")}@example.com`;
    // A guest's paid order: cart, checkout, and the card confirmed as Stripe.js would.
    const products = (await (await request.get("/api/v1/products")).json()).data as { id: string; unit_amount: number }[];
    expect((await request.post("/api/v1/cart", { data: { product_id: products[0].id, quantity: 2 } })).status()).toBe(200);
    const checkout = await (await request.post("/api/v1/checkout", { data: { email, shipping_address: TEST_ADDRESS, shipping_rate: "standard" } })).json();
    const confirm = await request.post(`${process.env.E2E_EMULATOR_URL}/v1/payment_intents/${checkout.payment_intent}/confirm`, {
      headers: { Authorization: "Bearer sk_test_e2e" },
      form: { payment_method: "pm_card_visa", return_url: "http://127.0.0.1/checkout/complete" },
    });
    expect(confirm.status()).toBe(200);
    const orderStatus = async () => (await (await request.get(`/api/v1/orders/${checkout.order_id}?token=${checkout.order_token}`)).json()).data.status;
    await expect.poll(orderStatus).toBe("paid");

    await page.goto("/admin/orders");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    await page.getByLabel("Email or order reference").fill(email);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/email=/);
    const rows = page.getByTestId("admin-order-row");
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(email);
    await expectAccessible(page);
    // The CSV of this filter, with the admin's session.
    const csv = await page.request.get((await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split("\r\n")).toEqual([expect.stringMatching(/^number,created_at,email/), expect.stringContaining(`,${email},guest,paid,`)]);

    await rows.getByRole("link", { name: checkout.order_reference }).click();
    await expect(page.getByRole("heading", { name: `Order ${checkout.order_reference}` })).toBeVisible();
    await expect(page.getByTestId("shipping-address")).toContainText("1 SW Main St");
    await expect(page.getByTestId("shipping-method")).toHaveText("Standard");
    await expect(page.getByTestId("order-status")).toHaveText("Paid");
    await expectAccessible(page);

    const form = page.getByRole("form", { name: "Refund this order" });
    await form.getByLabel(/^Amount/).fill("1000");
    await form.getByLabel("Reason").selectOption("requested_by_customer");
    await form.getByRole("button", { name: "Refund" }).click();
    await expect(form.getByRole("status")).toContainText("Refunded $10.00");
    // The webhooks move the order; the page shows it on the next load.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("order-status")).toHaveText("Partially refunded", { timeout: 1000 });
    }).toPass();
    await expect(page.getByTestId("amount-refunded")).toHaveText("$10.00");
    await expect(page.getByTestId("refund-row")).toHaveCount(1);
    await expect(page.getByTestId("refund-row")).toContainText(process.env.E2E_ADMIN_EMAIL!);
    await expect.poll(orderStatus).toBe("partially_refunded");

    // An over-refund is refused at the field, naming what is left.
    const left = checkout.amount - 1000;
    await form.getByLabel(/^Amount/).fill(String(left + 1));
    await form.getByRole("button", { name: "Refund" }).click();
    await expect(form.getByText(`must be at most ${left}, the remaining refundable amount`)).toBeVisible();
    await expect(page.getByTestId("refund-row")).toHaveCount(1);

    // The refund email is in the outbox, and on the order's timeline.
    await expect.poll(async () => (await emailsTo(request, email)).filter((e) => e.kind === "refund").map((e) => e.subject)).toEqual([`Your refund of $10.00 for order ${checkout.order_reference}`]);
    await page.reload();
    await expect(page.getByTestId("order-timeline")).toContainText(`Your refund of $10.00 for order ${checkout.order_reference}`);
    await expect(page.getByTestId("order-timeline")).toContainText("charge.refunded");
  });

  test("a webhook that fails on purpose is dead, is replayed from the admin, and is processed once", async ({ page, request }) => {
    // A test-only event type (CASHLINE_TEST_EVENTS=1) whose handler refuses its first attempt.
    const { id, raw } = eventJson("cashline.test_fail_once", { id: "obj_e2e" });
    const signature = new Stripe("sk_test_e2e").webhooks.generateTestHeaderString({ payload: raw, secret: process.env.E2E_WEBHOOK_SECRET! });
    const delivered = await request.post("/api/v1/stripe/webhook", { headers: { "content-type": "application/json", "stripe-signature": signature }, data: raw });
    expect(delivered.status()).toBe(200);

    await page.goto("/admin/webhooks?status=dead&type=cashline.test_fail_once");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    await expect(page.getByRole("heading", { name: "Webhooks & jobs", level: 1 })).toBeVisible();
    const row = page.getByTestId("webhook-row").filter({ hasText: id });
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("dead", { timeout: 1000 });
    }).toPass();
    await expect(row).toContainText("fails on its first attempt");
    await expect(page.getByRole("table", { name: "Job queues" })).toContainText("stripe-events");
    await expectAccessible(page);

    await row.getByRole("link", { name: id }).click();
    await expect(page.getByTestId("webhook-status")).toHaveText("dead");
    await expect(page.getByTestId("webhook-attempts")).toHaveText("1");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Replay this event" }).click();
    await expect(page.getByRole("status")).toHaveText("Replay queued.");
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("webhook-status")).toHaveText("processed", { timeout: 1000 });
    }).toPass();
    // Processed on its second attempt, and only once.
    await expect(page.getByTestId("webhook-attempts")).toHaveText("2");
    await expect(page.getByTestId("webhook-replays")).toContainText(`by ${process.env.E2E_ADMIN_EMAIL}`);
    await page.goto(`/admin/audit?path=${encodeURIComponent(`/admin/webhooks/${id}`)}`);
    await expect(page.getByTestId("audit-row")).toHaveCount(1);
  });
});
