import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./support/accounts";
import { adminToken } from "./support/shop";

/** No serious or critical axe violations on the page as it is. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A registered customer (added through the admin API) who buys `quantity` of the first product by API; returns the order total. */
async function customerWhoBought(request: APIRequestContext, email: string, quantity: number): Promise<number> {
  const admin = await adminToken(request);
  const added = await request.post("/api/v1/admin/users", { headers: { Authorization: `Bearer ${admin}` }, data: { email, name: "Customer E2E", role: "customer", password: "customer-e2e-password" } });
  expect(added.status()).toBe(201);
  const token = (await (await request.post("/api/v1/auth/token", { data: { email, password: "customer-e2e-password" } })).json()).access as string;
  const products = (await (await request.get("/api/v1/products")).json()).data as { id: string }[];
  const placed = await request.post("/api/v1/orders", { headers: { Authorization: `Bearer ${token}` }, data: { items: [{ product_id: products[0].id, quantity }], payment_method: "pm_card_visa" } });
  expect(placed.status()).toBeLessThan(300);
  const order = (await placed.json()).data as { id: string; amount_total: number };
  // Paid when the PaymentIntent's outcome is applied (at once, or from its webhook).
  await expect.poll(async () => (await (await request.get(`/api/v1/orders/${order.id}`, { headers: { Authorization: `Bearer ${token}` } })).json()).data.status, { timeout: 15_000 }).toBe("paid");
  return order.amount_total;
}

const usd = (minor: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(minor / 100);

test.describe("admin: customers", () => {
  test("a customer who just bought shows with their order count and value; search finds them; sort by value works", async ({ page, request }) => {
    const tag = `cust${Date.now()}`;
    const small = `${tag}-small@example.com`;
    const big = `${tag}-big@example.com`;
    const smallTotal = await customerWhoBought(request, small, 1);
    const bigTotal = await customerWhoBought(request, big, 3);
    expect(bigTotal).toBeGreaterThan(smallTotal);

    await page.goto("/admin/customers");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("Email contains").fill(tag);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${tag}`));
    const rows = page.getByTestId("customer-row");
    // Highest value first by default.
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).getByRole("link")).toHaveText(big);
    await expect(rows.nth(0).getByTestId("customer-orders")).toHaveText("1");
    await expect(rows.nth(0).getByTestId("customer-value")).toHaveText(usd(bigTotal));
    await expect(rows.nth(1).getByRole("link")).toHaveText(small);
    await expect(rows.nth(1).getByTestId("customer-value")).toHaveText(usd(smallTotal));
    const valueHeader = page.getByRole("columnheader", { name: /Lifetime value/ });
    await expect(valueHeader).toHaveAttribute("aria-sort", "descending");
    await expectAccessible(page);

    await valueHeader.getByRole("link").click();
    await expect(page).toHaveURL(/sort=value&dir=asc/);
    await expect(page).toHaveURL(new RegExp(`q=${tag}`));
    await expect(page.getByRole("columnheader", { name: /Lifetime value/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(rows.nth(0).getByRole("link")).toHaveText(small);
    await expect(rows.nth(1).getByRole("link")).toHaveText(big);

    // Each row opens the user's page.
    await rows.nth(1).getByRole("link").click();
    await expect(page.getByTestId("user-email")).toHaveText(big);

    // A search that matches nobody: the empty state.
    await page.goto(`/admin/customers?q=${tag}-nobody`);
    await expect(page.getByText("No customer's email matches.")).toBeVisible();
  });

  test("the admin pages the other specs leave out pass axe: phone payments and the audit log", async ({ page }) => {
    await page.goto("/admin/ivr");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    await expect(page.getByTestId("admin-area")).toBeVisible();
    for (const path of ["/admin/ivr", "/admin/audit"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
  });

  test("the orders list sorts by total, largest first then smallest, with aria-sort on the heading", async ({ page, request }) => {
    await customerWhoBought(request, `sortorders${Date.now()}@example.com`, 2);
    await page.goto("/admin/orders");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    const totals = async () => (await page.getByTestId("admin-order-row").locator("td:nth-child(4)").allInnerTexts()).map((t) => Number(t.replace(/[^0-9.]/g, "")));
    await expect(page.getByRole("columnheader", { name: /Date/ })).toHaveAttribute("aria-sort", "descending");
    await page.getByRole("columnheader", { name: /Total/ }).getByRole("link").click();
    await expect(page).toHaveURL(/sort=total&dir=desc/);
    await expect(page.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "descending");
    const down = await totals();
    expect(down.length).toBeGreaterThan(0);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await expectAccessible(page);
    await page.getByRole("columnheader", { name: /Total/ }).getByRole("link").click();
    await expect(page).toHaveURL(/sort=total&dir=asc/);
    await expect(page.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "ascending");
    const up = await totals();
    expect(up).toEqual([...up].sort((a, b) => a - b));
  });
});
