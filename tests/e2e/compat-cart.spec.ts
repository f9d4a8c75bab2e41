import { expect, test } from "./fixtures";

type Product = { id: string; slug: string; unit_amount: number };

async function catalog(request: import("@playwright/test").APIRequestContext): Promise<Record<string, Product>> {
  const body = await (await request.get("/api/v1/products")).json();
  return Object.fromEntries((body.data as Product[]).map((p) => [p.slug, p]));
}

test.describe("seed 003: JSON cart and create-payment-intent, verbatim", () => {
  test("GET /cart, POST /cart with server prices, then POST /create-payment-intent", async ({ request }) => {
    const products = await catalog(request);
    const mug = products["stoneware-mug"];
    const lamp = products["brass-desk-lamp"];

    const empty = await request.get("/cart", { headers: { Accept: "application/json" } });
    expect(empty.status()).toBe(200);
    expect(await empty.json()).toEqual({ items: {} });

    // The old client sends whole carts with its own prices: those are ignored.
    const posted = await request.post("/cart", {
      data: { items: { [mug.id]: { price: 1, qty: 2 }, [lamp.id]: { price: 0.01, qty: 1 } } },
    });
    expect(posted.status()).toBe(200);
    const expected = { items: { [mug.id]: { price: 2200, qty: 2 }, [lamp.id]: { price: 12900, qty: 1 } } };
    expect(await posted.json()).toEqual(expected);
    expect(await (await request.get("/cart", { headers: { Accept: "application/json" } })).json()).toEqual(expected);

    const intent = await request.post("/create-payment-intent", { data: { currency: "jpy", amount: 1 } });
    expect(intent.status()).toBe(200);
    const { clientSecret, publishableKey } = await intent.json();
    expect(clientSecret).toMatch(/^pi_.+_secret_.+$/);
    expect(publishableKey).toMatch(/^pk_test_/);
    // Same cart, same intent: a retried call never makes a second one.
    const again = await (await request.post("/create-payment-intent")).json();
    expect(again.clientSecret).toBe(clientSecret);

    // The server chose amount and currency.
    const pi = await request.get(`${process.env.E2E_EMULATOR_URL}/v1/payment_intents/${clientSecret.split("_secret_")[0]}`, {
      headers: { Authorization: "Bearer sk_test_e2e" },
    });
    expect(await pi.json()).toMatchObject({ amount: 2 * 2200 + 12900, currency: "usd" });
  });

  test("a browser asking for /cart still gets the cart page", async ({ page }) => {
    await page.goto("/cart");
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  });

  test("bad quantities and unknown products get 400 naming the field, and change nothing", async ({ request }) => {
    const { "stoneware-mug": mug } = await catalog(request);
    await request.post("/cart", { data: { items: { [mug.id]: { qty: 1 } } } });
    const cases: [unknown, string][] = [
      [0, `items.${mug.id}.qty`],
      [-1, `items.${mug.id}.qty`],
      [1.5, `items.${mug.id}.qty`],
      [1e9, `items.${mug.id}.qty`],
      ["2", `items.${mug.id}.qty`],
    ];
    for (const [qty, field] of cases) {
      const res = await request.post("/cart", { data: { items: { [mug.id]: { qty } } } });
      expect(res.status(), `qty ${JSON.stringify(qty)}`).toBe(400);
      const body = await res.json();
      expect(Object.keys(body.error.fields)).toContain(field);
    }
    const unknown = await request.post("/cart", { data: { items: { "00000000-0000-4000-8000-000000000000": { qty: 1 } } } });
    expect(unknown.status()).toBe(400);
    expect((await unknown.json()).error.fields).toHaveProperty(["items.00000000-0000-4000-8000-000000000000"]);
    const notAnId = await request.post("/cart", { data: { items: { "item_id1": { qty: 1 } } } });
    expect(notAnId.status()).toBe(400);
    const malformed = await request.post("/cart", { headers: { "Content-Type": "application/json" }, data: Buffer.from("{not json") });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe("malformed_json");
    const huge = await request.post("/api/v1/cart", { headers: { "Content-Type": "application/json" }, data: JSON.stringify({ pad: "x".repeat(100_000) }) });
    expect(huge.status()).toBe(413);
    const wrongType = await request.post("/api/v1/cart", { headers: { "Content-Type": "text/plain" }, data: "hello" });
    expect(wrongType.status()).toBe(415);

    expect(await (await request.get("/cart", { headers: { Accept: "application/json" } })).json()).toEqual({
      items: { [mug.id]: { price: 2200, qty: 1 } },
    });
  });

  test("the canonical cart API sets, reads and clears lines", async ({ request }) => {
    const { "fountain-pen": pen } = await catalog(request);
    const set = await request.post("/api/v1/cart", { data: { product_id: pen.id, quantity: 2 } });
    expect(set.status()).toBe(200);
    const cart = await set.json();
    expect(cart).toMatchObject({ currency: "usd", item_count: 2, subtotal: 15000, items: [{ product_id: pen.id, quantity: 2, amount: 15000 }] });
    const same = await (await request.post("/api/v1/cart", { data: { product_id: pen.id, quantity: 2 } })).json();
    expect(same.version).toBe(cart.version); // nothing changed, same version
    const bad = await request.post("/api/v1/cart", { data: { product_id: pen.id, quantity: 100 } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("quantity");
    const cleared = await (await request.delete("/api/v1/cart")).json();
    expect(cleared.items).toEqual([]);
  });
});
