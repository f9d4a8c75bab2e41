import { expect, ownServer, test } from "./fixtures";

// L2: every HTML page answers with the same security headers.
const pageHeaders = ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "permissions-policy"];

test.describe("security headers (L2)", () => {
  test("every page, product pages included, gets the same headers and cannot be framed", async ({ request }) => {
    const products = (await (await request.get("/api/v1/products")).json()).data as { slug: string; image: string }[];
    const paths = ["/", "/cart", "/login", "/signup", `/products/${products[0].slug}`, "/products/no-such-product", "/no-such-page"];
    const seen: Record<string, Record<string, string | undefined>> = {};
    for (const path of paths) {
      const res = await request.get(path, { headers: { Accept: "text/html" } });
      expect(res.headers()["content-type"]).toMatch(/^text\/html/);
      seen[path] = Object.fromEntries(pageHeaders.map((h) => [h, res.headers()[h]]));
    }
    console.log("L2: headers of", `/products/${products[0].slug}:`, JSON.stringify(seen[`/products/${products[0].slug}`]));
    for (const path of paths) expect(seen[path], path).toEqual(seen["/"]);
    expect(seen["/"]["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(seen["/"]["x-frame-options"]).toBe("DENY");
    // No HSTS on a plain-http deployment.
    expect((await request.get("/")).headers()["strict-transport-security"]).toBeUndefined();
    // Product images are still plain static files.
    const image = await request.get(products[0].image);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(image.headers()["content-security-policy"]).toBeUndefined();
  });
});

test.describe("an https APP_URL reached over http (L2)", () => {
  const server = ownServer("https-app-url", { APP_URL: "https://shop.example" });

  test("pages send HSTS and Auth.js cookies are Secure", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: server.url });
    const page = await request.get("/");
    console.log("L2: Strict-Transport-Security:", page.headers()["strict-transport-security"]);
    expect(page.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    const csrf = await request.get("/api/auth/csrf");
    const setCookie = csrf.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
    console.log("L2: Auth.js cookies:", JSON.stringify(setCookie.map((c) => c.split("=")[0] + (/;\s*secure/i.test(c) ? " (Secure)" : " (not Secure)"))));
    expect(setCookie.length).toBeGreaterThan(0);
    for (const cookie of setCookie) expect(cookie).toMatch(/;\s*Secure/i);
    expect(setCookie.some((c) => c.startsWith("__Host-authjs.csrf-token="))).toBe(true);
    await request.dispose();
  });
});
