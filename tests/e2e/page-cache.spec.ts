import { expect, test } from "./fixtures";
import { signUp } from "./support/accounts";
import { addProductToCart, adminToken, uniqueEmail } from "./support/shop";

/**
 * The shared HTML cache in front of Next (lib/http/page-cache.ts, run by scripts/server.ts) on the
 * suite's production server: cookieless visitors' public pages come from it, visitors with the
 * app's cookies and Next's router requests never do, and a catalog write drops it at once.
 * Plain fetch (no cookie jar) is the cookieless visitor.
 */
const cacheOf = (res: Response) => res.headers.get("x-cashline-cache");

/** A GET read to its end (a page streams: an answer still streaming is not cached yet). */
async function get(url: string, init?: RequestInit): Promise<Response & { html: string }> {
  const res = await fetch(url, init);
  return Object.assign(res, { html: await res.text() });
}

test.describe("page cache", () => {
  test("a cookieless visitor's second GET is a hit, with the page's headers and a fresh request id", async ({ baseURL }) => {
    const first = await get(`${baseURL}/search?q=mug`);
    expect(first.status).toBe(200);
    const firstBody = first.html;
    const second = await get(`${baseURL}/search?q=mug`);
    expect(cacheOf(second)).toBe("hit");
    expect(second.html).toBe(firstBody);
    expect(second.headers.get("content-type")).toMatch(/^text\/html/);
    for (const name of ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy"]) {
      expect(second.headers.get(name), name).toBe(first.headers.get(name));
    }
    expect(second.headers.get("x-request-id")).toBeTruthy();
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(second.headers.get("set-cookie")).toBeNull();

    const head = await get(`${baseURL}/search?q=mug`, { method: "HEAD" });
    expect(cacheOf(head)).toBe("hit");
    expect(head.status).toBe(200);
  });

  test("pages that are not public, and non-200 answers, are not cached", async ({ baseURL }) => {
    for (const path of ["/cart", "/login", "/pricing"]) {
      await get(`${baseURL}${path}`);
      expect(cacheOf(await get(`${baseURL}${path}`)), path).toBe("bypass");
    }
    await get(`${baseURL}/products/no-such-product`);
    const missing = await get(`${baseURL}/products/no-such-product`);
    expect(missing.status).toBe(404);
    expect(cacheOf(missing)).toBe("miss");
  });

  test("Next's router requests (RSC, prefetch, _rsc) are never answered with the cached HTML", async ({ baseURL }) => {
    await get(`${baseURL}/`);
    expect(cacheOf(await get(`${baseURL}/`))).toBe("hit");
    const routerRequests: Record<string, string>[] = [{ RSC: "1" }, { RSC: "1", "Next-Router-Prefetch": "1" }, { "Next-Router-State-Tree": "%5B%22%22%5D" }];
    for (const headers of routerRequests) {
      const res = await get(`${baseURL}/`, { headers });
      expect(cacheOf(res), JSON.stringify(headers)).toBe("bypass");
      if (headers.RSC) expect(res.headers.get("content-type"), JSON.stringify(headers)).not.toMatch(/^text\/html/);
    }
    const query = await get(`${baseURL}/?_rsc=abc12`, { headers: { RSC: "1" } });
    expect(cacheOf(query)).toBe("bypass");
  });

  test("a visitor with a cart cookie or a session bypasses it and sees their own header", async ({ page, baseURL }) => {
    expect(cacheOf(await get(`${baseURL}/`))).not.toBe("bypass");
    await addProductToCart(page, "Stoneware Mug");
    const withCart = await page.goto("/");
    expect(withCart!.headers()["x-cashline-cache"]).toBe("bypass");
    await expect(page.getByTestId("cart-count").first()).toHaveText("1");

    await signUp(page, { name: "Page Cache Visitor", email: uniqueEmail("page-cache"), password: "page-cache-visitor-password" });
    await expect(page.getByTestId("account-name")).toHaveText("Page Cache Visitor");
    const signedIn = await page.goto("/");
    expect(signedIn!.headers()["x-cashline-cache"]).toBe("bypass");
    await expect(page.getByTestId("account-name")).toHaveText("Page Cache Visitor");

    // Meanwhile a cookieless visitor still gets the signed-out, empty-cart page.
    const anonymous = await get(`${baseURL}/`);
    const html = anonymous.html;
    expect(html).not.toContain("Page Cache Visitor");
    expect(html).toMatch(/data-testid="cart-count"[^>]*>0</);
  });

  test("an admin product edit shows on the very next cookieless GET", async ({ request, baseURL }) => {
    const auth = { Authorization: `Bearer ${await adminToken(request)}` };
    const slug = `page-cache-e2e-${Date.now()}`;
    const created = await request.post("/api/v1/admin/products", { headers: auth, data: { name: "Page Cache Carafe", slug, unit_amount: 1234 } });
    expect(created.status()).toBe(201);
    const id = (await created.json()).data.id as string;
    try {
      await get(`${baseURL}/products/${slug}`);
      const cached = await get(`${baseURL}/products/${slug}`);
      expect(cacheOf(cached)).toBe("hit");
      expect(cached.html).toContain("$12.34");
      await get(`${baseURL}/`);
      expect(cacheOf(await get(`${baseURL}/`))).toBe("hit");

      const edited = await request.patch(`/api/v1/admin/products/${id}`, { headers: auth, data: { unit_amount: 4321 } });
      expect(edited.status()).toBe(200);
      const after = await get(`${baseURL}/products/${slug}`);
      expect(cacheOf(after)).toBe("miss");
      const html = after.html;
      expect(html).toContain("$43.21");
      expect(html).not.toContain("$12.34");
      const catalog = await get(`${baseURL}/`);
      expect(cacheOf(catalog)).toBe("miss");
      expect(catalog.html).toContain("$43.21");
    } finally {
      expect((await request.patch(`/api/v1/admin/products/${id}`, { headers: auth, data: { active: false } })).status()).toBe(200);
    }
    expect((await get(`${baseURL}/products/${slug}`)).status).toBe(404);
  });
});
