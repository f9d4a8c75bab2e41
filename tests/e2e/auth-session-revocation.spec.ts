import { expect, test } from "./fixtures";
import { signIn, signOut, signUp } from "./support/accounts";
import { uniqueEmail } from "./support/shop";

// L5: signing out ends the session on the server, not only in the browser that signed out.
test.describe("session revocation (L5)", () => {
  test("a session cookie copied before sign-out stops working", async ({ page, playwright, baseURL }) => {
    const user = { name: "Copied Cookie", email: uniqueEmail("revoke"), password: "revoke-password" };
    await signUp(page, user);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const copied = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"))!;
    expect(copied).toBeTruthy();
    const cookieHeader = { Cookie: `${copied.name}=${copied.value}` };

    const thief = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
    expect((await thief.get("/api/v1/me", { headers: cookieHeader })).status()).toBe(200);

    await signOut(page);

    const me = await thief.get("/api/v1/me", { headers: cookieHeader });
    const orders = await thief.get("/orders", { headers: cookieHeader });
    console.log(`L5: copied cookie after sign-out: /api/v1/me → ${me.status()}, /orders → ${orders.status()} ${orders.headers()["location"] ?? ""}`);
    expect(me.status()).toBe(401);
    expect([302, 303, 307]).toContain(orders.status());
    expect(orders.headers()["location"]).toMatch(/\/login\?callbackUrl=%2Forders$/);
    await thief.dispose();

    // Signing in again gives a working session.
    await page.goto("/login");
    await signIn(page, user.email, user.password);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  });
});
