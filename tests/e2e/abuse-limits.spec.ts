import { expect, ownServer, test } from "./fixtures";
import { callFrom, loopbackAddress, statusCounts } from "./support/clients";
import { uniqueEmail } from "./support/shop";

/**
 * M4: card testing and signup floods, against a server of its own with the default limits (the
 * suite's shared server allows its many test signups from 127.0.0.1).
 */
const server = ownServer("abuse-limits", { SIGNUPS_PER_IP_PER_HOUR: "" });

async function tokenFor(from: string): Promise<string> {
  const email = uniqueEmail("card-tester");
  expect((await callFrom(from, `${server.url}/api/signup/`, { json: { email, password: "card-tester-pw" } })).status).toBe(200);
  const res = await callFrom(from, `${server.url}/api/v1/auth/token`, { json: { email, password: "card-tester-pw" } });
  return JSON.parse(res.body).access;
}

test.describe("card testing and signup floods (M4)", () => {
  test("30 signups in a burst from one address: the first 10 pass, the rest get 429", async () => {
    const from = loopbackAddress();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => callFrom(from, `${server.url}/api/signup/`, { json: { email: uniqueEmail(`flood${i}`), password: "flood-password" } })),
    );
    const counts = statusCounts(responses);
    console.log("M4: 30 concurrent signups from one address:", JSON.stringify(counts));
    expect(counts).toEqual({ "200": 10, "429": 20 });
    const limited = responses.find((r) => r.status === 429)!;
    expect(JSON.parse(limited.body)).toEqual({ success: false, error: expect.stringMatching(/^Too many sign-ups/) });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  for (const route of ["/api/v1/orders", "/api/order/"] as const) {
    test(`declined payments through ${route}: 5 declines, then 429 with Retry-After`, async () => {
      const from = loopbackAddress();
      const token = await tokenFor(from);
      const products = JSON.parse((await callFrom(from, `${server.url}/api/v1/products`)).body).data as { id: string }[];
      const responses = [];
      for (let i = 0; i < 30; i++) {
        responses.push(
          await callFrom(from, `${server.url}${route}`, {
            headers: { Authorization: `Bearer ${token}` },
            json: { items: [{ product_id: products[i % products.length].id, quantity: 1 }], payment_method: "pm_card_chargeDeclined" },
          }),
        );
      }
      const counts = statusCounts(responses);
      console.log(`M4: 30 declined payments through ${route}:`, JSON.stringify(counts));
      expect(counts).toEqual({ "402": 5, "429": 25 });
      const limited = responses.find((r) => r.status === 429)!;
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      const body = JSON.parse(limited.body);
      if (route === "/api/order/") expect(body).toEqual({ detail: expect.stringMatching(/^Too many declined payments/) });
      else expect(body).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/^Too many declined payments/) } });
      // A good card is refused too while the limit holds: the limit is on the payer, not the card.
      const good = await callFrom(from, `${server.url}${route}`, {
        headers: { Authorization: `Bearer ${token}` },
        json: { items: [{ product_id: products[0].id, quantity: 1 }], payment_method: "pm_card_visa" },
      });
      expect(good.status).toBe(429);
    });
  }
});
