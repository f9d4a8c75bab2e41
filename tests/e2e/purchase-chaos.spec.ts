import { expect, test } from "./fixtures";
import { addProductToCart, emailsTo, fillCard, fillShippingAddress, uniqueEmail } from "./support/shop";

/**
 * Webhooks as Stripe may deliver them: the shared server's emulator switches to chaos mode
 * (`/_emulator/webhooks/mode`: order shuffled within a window, half the events delivered twice,
 * some held back up to 1.5 s), seeded so a failure replays, and back to normal afterwards.
 */
const CHAOS_SEED = Number(process.env.WEBHOOK_CHAOS_SEED ?? 20261202);

test.describe("purchase under webhook chaos", () => {
  test.beforeEach(async ({ request }) => {
    const res = await request.post(`${process.env.E2E_EMULATOR_URL}/_emulator/webhooks/mode`, {
      form: { mode: "chaos", seed: String(CHAOS_SEED), duplicate_rate: "0.5", delay_rate: "0.3" },
    });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ mode: "chaos", seed: CHAOS_SEED, duplicateRate: 0.5, delayRate: 0.3 });
  });
  test.afterEach(async ({ request }) => {
    await request.post(`${process.env.E2E_EMULATOR_URL}/_emulator/webhooks/mode`, { form: { mode: "normal" } });
  });

  test(`a decline then a payment end in one paid order and one receipt (chaos seed ${CHAOS_SEED})`, async ({ page, request }) => {
    await addProductToCart(page, "Stoneware Mug");
    await page.goto("/checkout");
    const email = uniqueEmail("chaos");
    await page.getByLabel("Email").fill(email);
    await fillShippingAddress(page);
    await fillCard(page, "4000 0000 0000 0002");
    const pay = page.getByRole("button", { name: /^Pay / });
    await pay.click();
    await expect(page.getByTestId("payment-error")).toBeVisible();
    await fillCard(page, "4242 4242 4242 4242");
    await pay.click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();
    // The order is paid by the (shuffled, duplicated, delayed) webhooks, and the receipt is
    // written only then: exactly one receipt means one paid order, booked once.
    await expect.poll(async () => (await emailsTo(request, email)).map((e) => e.kind), { timeout: 20_000 }).toEqual(["receipt"]);
    const [receipt] = await emailsTo(request, email);
    expect(receipt.order_id).toBeTruthy();
  });
});
