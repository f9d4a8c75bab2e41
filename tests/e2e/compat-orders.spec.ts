import { expect, test } from "./fixtures";
import { uniqueEmail } from "./support/shop";

/** Seed 002's calls replayed as its README shows them: signup, token, catalog, then orders. */
test.describe("seed 002: orders, verbatim", () => {
  test("signup → api-token-auth → GET /api/product/ → POST /api/order/ → GET /api/order/", async ({ request }) => {
    const email = uniqueEmail("seed002");
    const signup = await request.post("/api/signup/", {
      data: { first_name: "foo", last_name: "bar", email, password: "password-123" },
    });
    expect(await signup.json()).toEqual({ success: true });

    const auth = await request.post("/api/api-token-auth/", { data: { username: email, password: "password-123" } });
    expect(auth.status()).toBe(200);
    const { token } = await auth.json();
    const headers = { Authorization: `JWT ${token}` };

    const products = (await (await request.get("/api/product/")).json()).data as { id: string; slug: string; unit_amount: number }[];
    const kettle = products.find((p) => p.slug === "cast-iron-kettle")!;

    const empty = await request.get("/api/order/", { headers });
    expect(empty.status()).toBe(200);
    expect(await empty.json()).toEqual([]);

    const placed = await request.post("/api/order/", { headers, data: { product_id: kettle.id, quantity: 2, token: "pm_card_visa" } });
    expect(placed.status()).toBe(201);
    const order = await placed.json();
    expect(order).toMatchObject({ status: "paid", amount_total: 2 * kettle.unit_amount, currency: "usd" });
    expect(order.payment_intent).toMatch(/^pi_/);

    // The order is kept on Stripe too, as the old service did: metadata.order_id.
    const pi = await request.get(`${process.env.E2E_EMULATOR_URL}/v1/payment_intents/${order.payment_intent}`, {
      headers: { Authorization: "Bearer sk_test_e2e" },
    });
    expect((await pi.json()).metadata.order_id).toBe(order.id);

    const list = await (await request.get("/api/order/", { headers })).json();
    expect(list.map((o: { id: string }) => o.id)).toEqual([order.id]);
    // The canonical API shows the same order.
    const canonical = await (await request.get("/api/v1/orders", { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(canonical.data[0]).toEqual(order);
  });

  test("orders need a token, name missing fields, and relay declines", async ({ request }) => {
    expect((await request.get("/api/order/")).status()).toBe(401);
    expect((await request.post("/api/order/", { data: {} })).status()).toBe(401);

    const email = uniqueEmail("seed002-bad");
    await request.post("/api/signup/", { data: { first_name: "a", last_name: "b", email, password: "password-123" } });
    const { token } = await (await request.post("/api/api-token-auth/", { data: { username: email, password: "password-123" } })).json();
    const headers = { Authorization: `JWT ${token}` };

    const missing = await request.post("/api/order/", { headers, data: {} });
    expect(missing.status()).toBe(400);
    expect(await missing.json()).toEqual({ items: ["This field is required."], payment_method: ["This field is required."] });

    const products = (await (await request.get("/api/product/")).json()).data as { id: string }[];
    const declined = await request.post("/api/order/", { headers, data: { product_id: products[0].id, payment_method: "pm_card_chargeDeclined" } });
    expect(declined.status()).toBe(402);
    expect(await declined.json()).toEqual({ detail: "Your card was declined.", code: "generic_decline" });

    const tooMany = await request.post("/api/order/", { headers, data: { product_id: products[0].id, quantity: 1000, payment_method: "pm_card_visa" } });
    expect(tooMany.status()).toBe(400);
    expect(Object.keys(await tooMany.json())).toEqual(["quantity"]);
  });
});
