import { expect, test } from "./fixtures";
import { createServerDatabase, startAppServer, type AppServer, type ServerDatabase } from "../../support/servers";
import { addToCartHere, fillCard, fillShippingAddress, uniqueEmail } from "./support/shop";
import { startSmtpServer } from "./support/smtp";

test.describe("receipt by SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let server: AppServer;
  let database: ServerDatabase;

  test.beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await createServerDatabase("smtp");
    server = await startAppServer("smtp", { ...database.env, SMTP_URL: smtp.url, EMAIL_FROM: "Cashline <shop@cashline.test>" });
  });
  test.afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await smtp?.close();
  });

  test("with SMTP_URL set, the receipt is delivered to a real SMTP server", async ({ page }) => {
    await page.goto(`${server.url}/products/cast-iron-kettle`);
    await addToCartHere(page);
    await page.goto(`${server.url}/checkout`);
    const email = uniqueEmail("smtp");
    await page.getByLabel("Email").fill(email);
    await fillShippingAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $94.00" }).click();
    await expect(page.getByRole("heading", { name: "Thank you for your order!" })).toBeVisible();

    await expect.poll(() => smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 20_000 }).toBe(1);
    const mail = smtp.messages.find((m) => m.to.includes(email))!;
    expect(mail.from).toBe("shop@cashline.test");
    expect(mail.raw).toMatch(/Subject: Your Cashline receipt for order CL-[2-9A-HJKMNP-Z]{7}/);
    expect(mail.raw).toContain("$94.00");
    expect(mail.raw).toContain("Portland, OR 97204");
    expect(mail.raw).not.toMatch(/4242424242424242|4242 4242 4242 4242/);
  });
});
