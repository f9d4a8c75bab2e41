import type { Page } from "@playwright/test";
import { seedProducts } from "../../db/seed-data";
import { expect, test } from "./fixtures";
import { seriousViolations } from "./support/a11y";
import { addProductToCart, cartDrawer, paymentFrame } from "./support/shop";

const STORE_NAME = "Cashline";
const INFO_PAGES = ["Contact", "Shipping", "Returns", "Privacy", "Terms"];
/** The public URL the server builds absolute links from: APP_URL's default, http://localhost:$PORT. */
const appUrl = () => `http://localhost:${new URL(process.env.E2E_BASE_URL!).port}`;

test.describe("site basics", () => {
  test("robots.txt keeps crawlers out of private pages and points at the sitemap", async ({ request }) => {
    const res = await request.get("/robots.txt");
    expect(res.status()).toBe(200);
    const text = await res.text();
    for (const path of ["/cart", "/checkout", "/account", "/orders", "/admin", "/api"]) expect(text).toContain(`Disallow: ${path}\n`);
    expect(text).toContain(`Sitemap: ${appUrl()}/sitemap.xml`);
  });

  test("sitemap.xml lists the home page, the information pages and every product, as absolute URLs", async ({ request }) => {
    const res = await request.get("/sitemap.xml");
    expect(res.status()).toBe(200);
    const locs = [...(await res.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(`${appUrl()}/`);
    for (const page of INFO_PAGES) expect(locs).toContain(`${appUrl()}/${page.toLowerCase()}`);
    for (const p of seedProducts) expect(locs).toContain(`${appUrl()}/products/${p.slug}`);
    // Every active product, and only those (other specs on this server add products too).
    const active = ((await (await request.get("/api/v1/products?per_page=100")).json()).data as { slug: string }[]).map((p) => `${appUrl()}/products/${p.slug}`);
    expect(locs.filter((l) => l.includes("/products/")).sort()).toEqual(active.sort());
  });

  test("icon and web manifest", async ({ page, request }) => {
    await page.goto("/");
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect((await request.get(icon!)).headers()["content-type"]).toContain("image/svg+xml");
    const manifest = await (await request.get((await page.locator('link[rel="manifest"]').getAttribute("href"))!)).json();
    expect(manifest).toMatchObject({ name: STORE_NAME, start_url: "/", icons: [{ src: "/icon.svg" }] });
  });

  test("a product page carries Product JSON-LD and Open Graph tags with its price", async ({ page }) => {
    await page.goto("/products/brass-desk-lamp");
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Brass Desk Lamp",
      sku: "brass-desk-lamp",
      image: `${appUrl()}/products/brass-desk-lamp.svg`,
      offers: { "@type": "Offer", price: "129.00", priceCurrency: "USD", availability: "https://schema.org/InStock", url: `${appUrl()}/products/brass-desk-lamp` },
    });
    const meta = (property: string) => page.locator(`meta[property="${property}"]`);
    await expect(meta("og:title")).toHaveAttribute("content", "Brass Desk Lamp · $129.00");
    await expect(meta("og:image")).toHaveAttribute("content", `${appUrl()}/products/brass-desk-lamp.svg`);
    await expect(meta("og:site_name")).toHaveAttribute("content", STORE_NAME);
    await expect(page.locator(`meta[name="product:price:amount"]`)).toHaveAttribute("content", "129.00");
    await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
  });

  test("the cart and checkout pages say noindex", async ({ page }) => {
    for (const path of ["/cart", "/checkout"]) {
      await page.goto(path);
      await expect(page.locator('meta[name="robots"]'), path).toHaveAttribute("content", "noindex, nofollow");
    }
  });

  test("routes with a loading skeleton still answer 404 and sign-in redirects with real statuses", async ({ request }) => {
    expect((await request.get("/products/no-such-product")).status()).toBe(404);
    for (const path of ["/orders", "/account/subscription"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect([302, 307], path).toContain(res.status());
      expect(res.headers().location, path).toContain(`/login?callbackUrl=${encodeURIComponent(path)}`);
    }
  });

  test("the footer's information pages open and name the store", async ({ page }) => {
    await page.goto("/");
    const footer = page.getByRole("navigation", { name: "Store information" });
    for (const name of INFO_PAGES) {
      await footer.getByRole("link", { name, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/${name.toLowerCase()}$`));
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("main")).toContainText(STORE_NAME);
      await expect(page).toHaveTitle(new RegExp(`· ${STORE_NAME}$`));
    }
  });

  test("the quantity stepper sets how many are added; focus goes into the cart drawer and back to the button", async ({ page }) => {
    await page.goto("/products/stoneware-mug");
    const quantity = page.getByLabel("Quantity", { exact: true });
    const decrease = page.getByRole("button", { name: "Decrease quantity" });
    await expect(quantity).toHaveValue("1");
    await expect(quantity).toHaveAttribute("min", "1");
    await expect(decrease).toBeDisabled();
    const add = page.getByRole("button", { name: "Add to cart" });
    const heights = await Promise.all([decrease, add].map(async (l) => (await l.boundingBox())!.height));
    expect(heights[0]).toBe(heights[1]);
    await page.getByRole("button", { name: "Increase quantity" }).click();
    await page.getByRole("button", { name: "Increase quantity" }).click();
    await page.getByRole("button", { name: "Increase quantity" }).click();
    await decrease.click();
    await expect(quantity).toHaveValue("3");
    await add.focus();
    await page.keyboard.press("Enter");
    const drawer = cartDrawer(page);
    await expect(drawer.getByRole("status")).toHaveText("Added to your cart.");
    await expect(drawer.getByRole("button", { name: "Close cart" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(add).toBeFocused();
    await page.goto("/cart");
    await expect(page.getByRole("listitem", { name: "Stoneware Mug" }).getByTestId("line-quantity")).toHaveText("3");
  });
});


for (const width of [1280, 390]) {
  test(`axe at ${width} px: no serious or critical violations on the shopper's pages`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    const paths = ["/", "/products/brass-desk-lamp", "/pricing", "/login", "/signup", ...INFO_PAGES.map((p) => `/${p.toLowerCase()}`)];
    const found: Record<string, unknown> = {};
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      const v = await seriousViolations(page);
      if (v.length) found[path] = v;
    }
    await addProductToCart(page, "Stoneware Mug");
    await page.goto("/cart");
    await expect(page.getByRole("list", { name: "Cart items" })).toBeVisible();
    const cart = await seriousViolations(page);
    if (cart.length) found["/cart"] = cart;
    await page.goto("/checkout");
    // The Payment Element (the emulator's Stripe.js stand-in) is mounted and checked with the page.
    await expect(paymentFrame(page).getByLabel("Card number")).toBeVisible();
    const checkout = await seriousViolations(page);
    if (checkout.length) found["/checkout"] = checkout;
    expect(found).toEqual({});
  });
}
