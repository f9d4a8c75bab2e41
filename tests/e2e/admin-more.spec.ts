import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./support/accounts";
import { adminToken, uniqueEmail } from "./support/shop";

const ADMIN = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };

async function signInAsAdmin(page: Page, path = "/admin") {
  await page.goto(path);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("admin-area")).toBeVisible();
}

async function stats(request: APIRequestContext, token: string) {
  const res = await request.get("/api/v1/admin/stats", { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { revenue_total: number; currency: string; orders: { today: number } };
}

/** No serious or critical axe violations on the page as it is. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("admin: dashboard, users, products, subscriptions, emails", () => {
  test("the dashboard's chart and total include the revenue of an order paid in this test", async ({ page, request }) => {
    const token = await adminToken(request);
    const before = await stats(request, token);
    const products = (await (await request.get("/api/v1/products")).json()).data as { id: string; unit_amount: number }[];
    const placed = await request.post("/api/v1/orders", { headers: { Authorization: `Bearer ${token}` }, data: { items: [{ product_id: products[0].id, quantity: 3 }], payment_method: "pm_card_visa" } });
    expect(placed.status()).toBeLessThan(300);
    const amount = ((await placed.json()).data as { amount_total: number }).amount_total;
    expect(amount).toBe(products[0].unit_amount * 3);
    // Paid when the PaymentIntent's outcome is applied (at once, or from its webhook).
    await expect.poll(async () => (await stats(request, token)).revenue_total, { timeout: 15_000 }).toBe(before.revenue_total + amount);

    await signInAsAdmin(page);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const total = before.revenue_total + amount;
    const money = new Intl.NumberFormat("en-US", { style: "currency", currency: before.currency.toUpperCase() }).format(total / 100);
    await expect(page.getByTestId("revenue-total")).toHaveText(money);
    const chart = page.getByTestId("revenue-chart");
    await expect(chart.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").first()).toBeVisible();
    await expect(chart.locator(".recharts-xAxis .recharts-cartesian-axis-tick")).not.toHaveCount(0);
    await expect(page.getByTestId("orders-today")).not.toHaveText("0");
    await expectAccessible(page);

    await page.getByRole("link", { name: "12 months" }).click();
    await expect(page).toHaveURL(/range=12m/);
    await expect(page.getByTestId("revenue-total")).toHaveText(money);
    await expect(chart.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").first()).toBeVisible();
  });

  test("an admin adds a user at seed 001's /admin/users/, who then signs in; deactivated, they cannot", async ({ page, browser }) => {
    await signInAsAdmin(page, "/admin/users/");
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Add a user" }).click();
    await expectAccessible(page);
    const form = page.getByRole("form", { name: "Add a user" });
    const email = uniqueEmail("added");
    await form.getByLabel("Name").fill("Added Person");
    await form.getByLabel("Email", { exact: true }).fill("not-an-email");
    await form.getByLabel("Password", { exact: true }).fill("added-person-password");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByText("Enter a valid email address.")).toBeVisible();
    await form.getByLabel("Email", { exact: true }).fill(email);
    await form.getByLabel("Password", { exact: true }).fill("added-person-password");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId("user-email")).toHaveText(email);
    await expect(page.getByTestId("admin-history")).toContainText("user.created");
    const userUrl = page.url();

    const other = await browser.newContext();
    const theirs = await other.newPage();
    await theirs.goto("/login");
    await signIn(theirs, email, "added-person-password");
    await expect(theirs.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" })).toBeVisible();

    // Searching by email finds them; the list is accessible.
    await page.goto(`/admin/users?q=${encodeURIComponent(email.slice(0, 12))}`);
    await expect(page.getByTestId("user-row").filter({ hasText: email })).toHaveCount(1);

    await page.goto(userUrl);
    await expectAccessible(page);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("form", { name: "Deactivate user" }).getByRole("button", { name: "Deactivate" }).click();
    await expect(page.getByTestId("user-status")).toContainText("deactivated");
    await expect(page.getByTestId("admin-history")).toContainText("user.deactivated");
    // Signed out everywhere: their next page is a guest's, and their password no longer works.
    await theirs.goto("/orders");
    await expect(theirs).toHaveURL(/\/login/);
    await signIn(theirs, email, "added-person-password");
    await expect(theirs.getByText("Invalid email or password.")).toBeVisible();
    await other.close();
  });

  test("an admin edits a product's price and sees it on the catalog, then archives it and it is gone", async ({ page, request }) => {
    await signInAsAdmin(page, "/admin/products");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Add a product" }).click();
    await expectAccessible(page);
    const slug = `admin-e2e-${Date.now()}`;
    const create = page.getByRole("form", { name: "Create product" });
    await create.getByLabel("Name").fill("Admin E2E Tumbler");
    await create.getByLabel("Slug").fill(slug);
    await create.getByLabel(/^Price/).fill("12.999");
    await create.getByLabel("Bundled image").selectOption("/products/stoneware-mug.svg");
    await create.getByRole("button", { name: "Create product" }).click();
    await expect(create.getByText("allows at most 2 decimal places")).toBeVisible();
    await create.getByLabel(/^Price/).fill("12.50");
    await create.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByTestId("product-status")).toHaveText("active");
    await expectAccessible(page);
    const productUrl = page.url();

    await page.goto(`/products/${slug}`);
    await expect(page.getByText("$12.50").first()).toBeVisible();

    await page.goto(productUrl);
    const edit = page.getByRole("form", { name: "Save product" });
    await edit.getByLabel(/^Price/).fill("23.45");
    await edit.getByRole("button", { name: "Save product" }).click();
    await expect(edit.getByRole("status")).toContainText("Saved");
    await expect(page.getByTestId("admin-history")).toContainText("product.edited");
    await page.goto(`/products/${slug}`);
    await expect(page.getByText("$23.45").first()).toBeVisible();
    await expect(page.getByText("$12.50")).toHaveCount(0);

    await page.goto(productUrl);
    await page.getByRole("form", { name: "Archive product" }).getByRole("button", { name: "Archive product" }).click();
    await expect(page.getByTestId("product-status")).toHaveText("archived");
    expect((await page.goto(`/products/${slug}`))!.status()).toBe(404);
    await page.goto("/");
    await expect(page.getByText("Admin E2E Tumbler")).toHaveCount(0);
    const catalog = (await (await request.get("/api/v1/products")).json()).data as { slug: string }[];
    expect(catalog.map((p) => p.slug)).not.toContain(slug);

    await page.goto("/admin/products?status=archived");
    await expect(page.getByTestId("product-row").filter({ hasText: slug })).toHaveCount(1);
  });

  test("the subscriptions and emails pages render, an email's HTML is sandboxed, and it can be resent", async ({ page }) => {
    await signInAsAdmin(page, "/admin/subscriptions");
    await expect(page.getByRole("heading", { name: "Subscriptions" })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/admin/emails");
    await expect(page.getByRole("heading", { name: "Emails" })).toBeVisible();
    await expectAccessible(page);
    const rows = page.getByTestId("email-row");
    // The first test's receipt is written by the email job.
    await expect.poll(async () => (await page.reload(), await rows.count()), { timeout: 15_000 }).toBeGreaterThan(0);
    const count = await rows.count();
    await rows.first().getByRole("link").click();
    const frame = page.getByTestId("email-html");
    await expect(frame).toHaveAttribute("sandbox", "");
    await expect(page.frameLocator('[data-testid="email-html"]').locator("body")).not.toBeEmpty();
    await expect(page.getByTestId("email-text")).not.toBeEmpty();
    await expectAccessible(page);
    await page.getByRole("form", { name: "Resend this email" }).getByRole("button", { name: "Resend" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Queued" })).toBeVisible();
    await expect(page.getByTestId("admin-history")).toContainText("email.resent");
    await expect.poll(async () => (await page.goto("/admin/emails"), await rows.count()), { timeout: 15_000 }).toBe(Math.min(count + 1, 50));
  });
});
