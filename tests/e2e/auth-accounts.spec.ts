import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn, signOut, signUp } from "./support/accounts";
import { emailsTo } from "./support/shop";

const unique = () => randomBytes(4).toString("hex");

test.describe("accounts", () => {
  test("sign up, see yourself in the header, sign out, sign in again", async ({ page }) => {
    const user = { name: `Ada ${unique()}`, email: `ada-${unique()}@example.com`, password: "analytical-engine" };
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
    await nav.getByRole("link", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/signup$/);

    await signUp(page, user);
    await expect(page).toHaveURL(/\/$/);
    await expect(nav.getByText(user.name)).toBeVisible();
    await expect(nav.getByRole("link", { name: "Orders" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);

    await signOut(page);
    await expect(nav.getByText(user.name)).toHaveCount(0);

    await nav.getByRole("link", { name: "Sign in" }).click();
    await signIn(page, user.email.toUpperCase(), user.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(nav.getByText(user.name)).toBeVisible();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    // The JSON API accepts the same session cookie.
    const me = await page.request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email, name: user.name, role: "customer" });
  });

  test("signup explains what is wrong, field by field", async ({ page }) => {
    const email = `dup-${unique()}@example.com`;
    await signUp(page, { name: "First", email, password: "long-enough" });
    await signOut(page);

    await signUp(page, { name: "Second", email: email.toUpperCase(), password: "long-enough" });
    await expect(page.getByText("An account with this email already exists.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Email")).toHaveValue(email.toUpperCase());

    await page.getByLabel("Email").fill(`weak-${unique()}@example.com`);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();

    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
  });

  test("a password can be shown while typing and hidden again", async ({ page }) => {
    await page.goto("/login");
    const password = page.getByLabel("Password");
    await password.fill("correct horse");
    await expect(password).toHaveAttribute("type", "password");
    const toggle = page.getByRole("button", { name: "Show" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(password).toHaveAttribute("type", "text");
    await expect(page.getByRole("button", { name: "Hide" })).toHaveAttribute("aria-pressed", "true");
    await expect(password).toHaveValue("correct horse");
    await page.getByRole("button", { name: "Hide" }).click();
    await expect(password).toHaveAttribute("type", "password");
  });

  test("a wrong password and an unknown email get the same answer", async ({ page }) => {
    const email = `known-${unique()}@example.com`;
    await signUp(page, { name: "Known", email, password: "right-password" });
    await signOut(page);

    await page.goto("/login");
    const formError = page.getByTestId("form-error");
    await signIn(page, email, "wrong-password");
    await expect(formError).toHaveText("Invalid email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(email);

    const unknown = `nobody-${unique()}@example.com`;
    await signIn(page, unknown, "wrong-password");
    await expect(page.getByLabel("Password")).toHaveValue(""); // the form was reset: the answer has arrived
    await expect(page.getByLabel("Email")).toHaveValue(unknown);
    await expect(formError).toHaveText("Invalid email or password.");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  });

  test("after 5 failed sign-ins the account is locked for a while, with a clear message", async ({ page }) => {
    const email = `locked-${unique()}@example.com`;
    await signUp(page, { name: "Locked", email, password: "the-right-one" });
    await signOut(page);
    await page.goto("/login");
    const password = page.getByLabel("Password");
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, `wrong-${i}`);
      await expect(password).toHaveValue("");
      await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    }
    await signIn(page, email, "the-right-one");
    await expect(page.getByTestId("form-error")).toHaveText("Too many sign-in attempts. Try again in 15 minutes.");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  });

  test("signing in from a protected page returns there, and only to this site", async ({ page }) => {
    const user = { name: "Orders Owner", email: `owner-${unique()}@example.com`, password: "orders-password" };
    await signUp(page, user);
    await signOut(page);

    await page.goto("/orders");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders$/);
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
    await expect(page.getByText("No orders yet.")).toBeVisible();

    await signOut(page);
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test("another user's order id is a 404", async ({ page }) => {
    await signUp(page, { name: "Nosy", email: `nosy-${unique()}@example.com`, password: "nosy-password" });
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const res = await page.goto("/orders/00000000-0000-4000-8000-000000000000");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test.describe("admin area", () => {
  test("a guest is sent to sign in, and an admin gets in", async ({ page }) => {
    const email = process.env.E2E_ADMIN_EMAIL!;
    const password = process.env.E2E_ADMIN_PASSWORD!;
    expect(email && password).toBeTruthy();
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin$/);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin", exact: true })).toBeVisible();
  });

  test("a customer cannot open it", async ({ page }) => {
    await signUp(page, { name: "Customer", email: `cust-${unique()}@example.com`, password: "customer-password" });
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toHaveCount(0);
  });

  test("forgot password: the emailed link sets a new password once, and it signs in", async ({ page, request }) => {
    const user = { name: `Grace ${unique()}`, email: `grace-${unique()}@example.com`, password: "first-password" };
    await page.goto("/signup");
    await signUp(page, user);
    await signOut(page);

    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("button", { name: "Send the reset link" }).click();
    await expect(page.getByTestId("reset-sent")).toContainText("If an account exists for that email");

    let email: Awaited<ReturnType<typeof emailsTo>>[number] | undefined;
    await expect
      .poll(async () => {
        email = (await emailsTo(request, user.email)).find((e) => e.kind === "password_reset");
        return Boolean(email);
      }, { timeout: 20_000 })
      .toBe(true);
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(email!.text)![0];
    const path = new URL(link).pathname + new URL(link).search;
    await page.goto(path);
    await page.getByLabel("New password").fill("second-password");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await expect(page.getByText("Your password has been changed. Sign in with the new one.")).toBeVisible();
    await signIn(page, user.email, "second-password");
    await expect(page.getByRole("navigation", { name: "Main" }).getByText(user.name)).toBeVisible();

    // The link is spent.
    await page.goto(path);
    await expect(page.getByText("This reset link has expired or has already been used.")).toBeVisible();
  });
  test("change password from the account page: a wrong current password is that field's error; the change signs out and the new one works", async ({ page, browser }) => {
    const user = { name: `Alan ${unique()}`, email: `alan-${unique()}@example.com`, password: "first-password" };
    await page.goto("/signup");
    await signUp(page, user);
    const nav = page.getByRole("navigation", { name: "Main" });
    // A second device, signed in too: the change must end its session as well.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto("/login");
    await signIn(otherPage, user.email, user.password);
    await expect(otherPage.getByRole("navigation", { name: "Main" }).getByText(user.name)).toBeVisible();

    await nav.getByRole("link", { name: user.name }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await page.getByRole("link", { name: /^Password/ }).click();
    await expect(page).toHaveURL(/\/account\/password$/);
    await page.getByLabel("Current password").fill("not-my-password");
    await page.getByLabel("New password").fill("second-password");
    await page.getByRole("button", { name: "Change password" }).click();
    const current = page.getByLabel("Current password");
    await expect(current).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("That is not your current password.")).toBeVisible();

    await current.fill(user.password);
    await page.getByLabel("New password").fill("second-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await expect(page.getByText("Your password has been changed. Sign in with the new one.")).toBeVisible();
    await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
    await otherPage.goto("/orders");
    await expect(otherPage).toHaveURL(/\/login\?callbackUrl=/);
    await other.close();

    await signIn(page, user.email, user.password);
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    await signIn(page, user.email, "second-password");
    await expect(nav.getByText(user.name)).toBeVisible();
  });
});
