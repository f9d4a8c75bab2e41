import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { signUp } from "./support/accounts";
import { addProductToCart, intentsForCart, uniqueEmail } from "./support/shop";

/**
 * L1: another origin of the same site (here another port on 127.0.0.1; a sibling subdomain in
 * production) gets the shopper's SameSite=Lax cookies on its requests. Its pages must not be
 * able to act with them.
 */
let attacker: http.Server;
let attackerUrl: string;

test.beforeAll(async () => {
  const app = process.env.E2E_BASE_URL!;
  const pages: Record<string, string> = {
    // A plain HTML form: what any page can post, no JavaScript needed.
    "/order.html": `<form id="f" method="post" enctype="multipart/form-data" action="${app}/api/order/">
      <input name="product_id" value="PRODUCT"><input name="payment_method" value="pm_card_visa">
      </form><script>document.getElementById("f").submit()</script>`,
    "/intent.html": `<script>fetch("${app}/create-payment-intent", { method: "POST", mode: "no-cors", credentials: "include", body: "{}" })</script>`,
  };
  attacker = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const page = pages[url.pathname];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "text/html" }).end(page.replace("PRODUCT", url.searchParams.get("product") ?? ""));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise((resolve) => attacker.close(resolve)));

test.describe("same-site requests from another origin (L1)", () => {
  test("a form on another origin cannot place an order with the session cookie", async ({ page }) => {
    await signUp(page, { name: "Target", email: uniqueEmail("csrf"), password: "csrf-target-password" });
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const products = (await (await page.request.get("/api/v1/products")).json()).data as { id: string }[];

    const posted = page.waitForResponse((r) => r.url().endsWith("/api/order/") && r.request().method() === "POST");
    await page.goto(`${attackerUrl}/order.html?product=${products[0].id}`);
    const response = await posted;
    console.log("L1: cross-origin form POST /api/order/ →", response.status());
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/origin/i) });
    // Nothing was bought.
    expect(await (await page.request.get("/api/order/")).json()).toEqual([]);
  });

  test("a script on another origin cannot create a PaymentIntent for a guest's cart", async ({ page, request }) => {
    await addProductToCart(page, "Stoneware Mug");
    const cartId = (await (await page.request.get("/api/v1/cart")).json()).id as string;

    const posted = page.waitForResponse((r) => r.url().endsWith("/create-payment-intent"));
    await page.goto(`${attackerUrl}/intent.html`);
    const response = await posted;
    console.log("L1: cross-origin fetch POST /create-payment-intent →", response.status());
    expect(response.status()).toBe(403);
    expect(await intentsForCart(request, cartId)).toEqual([]);
  });

  test("token clients and clients that send no Origin keep working", async ({ request }) => {
    const email = uniqueEmail("token-client");
    await request.post("/api/signup/", { data: { email, password: "token-client-pw" } });
    const { token } = await (await request.post("/api/api-token-auth/", { data: { username: email, password: "token-client-pw" } })).json();
    const products = (await (await request.get("/api/v1/products")).json()).data as { id: string }[];
    // A token in the Authorization header is no ambient credential: any origin may send it.
    const placed = await request.post("/api/order/", {
      headers: { Authorization: `JWT ${token}`, Origin: "https://frontend.example" },
      data: { product_id: products[0].id, token: "pm_card_visa" },
    });
    expect(placed.status()).toBe(201);
    // curl and server-to-server calls send no Origin (seed 003's cart client).
    const cart = await request.post("/cart", { data: { items: { [products[0].id]: { qty: 1 } } } });
    expect(cart.status()).toBe(200);
    expect((await request.post("/create-payment-intent")).status()).toBe(200);
  });

  test("the site's own pages still use the cookie routes", async ({ page }) => {
    await page.goto("/");
    const products = (await (await page.request.get("/api/v1/products")).json()).data as { id: string }[];
    // A fetch from the shop's own page: the browser sends Origin and Sec-Fetch-Site: same-origin.
    const status = await page.evaluate(
      (productId) =>
        fetch("/api/v1/cart", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ product_id: productId, quantity: 2 }) }).then(
          (r) => r.status,
        ),
      products[0].id,
    );
    expect(status).toBe(200);
    expect((await (await page.request.get("/api/v1/cart")).json()).item_count).toBe(2);
  });
});
