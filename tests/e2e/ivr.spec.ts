import { expect, test } from "./fixtures";
import { signIn } from "./support/accounts";
import { TEST_ADDRESS } from "./support/shop";

// The card the phone system keys in. The global teardown scans the server's database for card
// numbers and zz-log-and-data-scan.spec.ts its logs: this one must appear in neither.
const CARD = "5555555555554444";

function futureExpiry(): string {
  const d = new Date();
  return `12${String((d.getUTCFullYear() + 3) % 100).padStart(2, "0")}`;
}

test.describe("IVR bridge", () => {
  test("an admin makes a key and a pending transaction for an order; seed 000's call pays it once", async ({ page, request }) => {
    const started = new Date(Date.now() - 1000).toISOString();
    // A guest's order, waiting to be paid.
    const products = (await (await request.get("/api/v1/products")).json()).data as { id: string; unit_amount: number }[];
    expect((await request.post("/api/v1/cart", { data: { product_id: products[0].id, quantity: 2 } })).status()).toBe(200);
    const checkout = await (await request.post("/api/v1/checkout", { data: { email: "phone-buyer@example.com", shipping_address: TEST_ADDRESS, shipping_rate: "standard" } })).json();
    expect(checkout.order_id).toBeTruthy();

    await page.goto("/admin/ivr");
    await signIn(page, process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
    await expect(page.getByRole("heading", { name: "Phone payments (IVR)" })).toBeVisible();

    const keyForm = page.getByRole("form", { name: "Create an IVR key" });
    await keyForm.getByLabel("Name").fill("Phone system");
    await keyForm.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-ivr-key").textContent())!.trim();
    expect(key).toMatch(/^ivr_/);
    await expect(page.getByRole("table", { name: "IVR keys" })).toContainText("Phone system");

    const txForm = page.getByRole("form", { name: "Create an IVR transaction" });
    await txForm.getByLabel("Order id (optional)").fill(checkout.order_id);
    await txForm.getByRole("button", { name: "Create transaction" }).click();
    const transId = (await page.getByTestId("new-trans-id").textContent())!.trim();

    const body = { cc_num: CARD, cvv: "123", exp_date: futureExpiry(), trans_id: transId };
    expect((await request.post("/api/payment/", { data: body })).status()).toBe(401);
    const headers = { Authorization: `Bearer ${key}` };
    for (let i = 0; i < 2; i++) {
      const paid = await request.post("/api/payment/", { data: body, headers });
      expect(paid.status()).toBe(200);
      expect(await paid.json()).toEqual({ transaction: "success", object: "payment_method", type: "card" });
    }

    const order = await (await request.get(`/api/v1/orders/${checkout.order_id}?token=${checkout.order_token}`)).json();
    expect(order.data.status).toBe("paid");
    const tx = await (await request.get(`/api/v1/ivr/transactions/${transId}`, { headers })).json();
    expect(tx.data).toMatchObject({ status: "succeeded", attempts: 1, amount: checkout.amount, card: { brand: "mastercard", last4: "4444" } });

    await page.reload();
    const row = page.getByTestId("ivr-transaction-row").filter({ hasText: transId });
    await expect(row).toContainText("succeeded");
    await expect(row).toContainText("mastercard •••• 4444");

    // Every call is in the audit log, the card as its last four only.
    await page.goto(`/admin/audit?${new URLSearchParams({ path: "/api/payment/", since: started })}`);
    const entries = page.getByTestId("audit-row");
    const withStatus = (status: string) => entries.filter({ has: page.getByRole("cell", { name: status, exact: true }) });
    await expect(withStatus("401")).toHaveCount(1);
    await expect(withStatus("200")).toHaveCount(2);
    expect(await page.content()).not.toContain(CARD);
    await page.goto("/admin/audit?status=abc");
    await expect(page.getByText("must be a status code")).toBeVisible();
  });
});
