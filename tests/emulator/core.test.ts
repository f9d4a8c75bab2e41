import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REDIRECTS, startHarness, stripeError, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

describe("HTTP conventions", () => {
  it("answers with Stripe-Version and Request-Id headers", async () => {
    const customer = await h.stripe.customers.create({ email: "headers@example.com" });
    expect(customer.lastResponse.requestId).toMatch(/^req_/);
    expect(customer.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
    const res = await fetch(`${h.emulator.url}/v1/customers/${customer.id}`, {
      headers: { Authorization: "Bearer sk_test_x", "Stripe-Version": "2020-08-27" },
    });
    expect(res.headers.get("stripe-version")).toBe("2020-08-27");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("rejects a missing or malformed key with 401", async () => {
    const res = await fetch(`${h.emulator.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
    const bad = new Stripe("sk_live_nope", { host: "127.0.0.1", port: h.emulator.port, protocol: "http", maxNetworkRetries: 0 });
    const err = await stripeError(bad.customers.list());
    expect(err.type).toBe("StripeAuthenticationError");
    expect(err.statusCode).toBe(401);
  });

  it("accepts a publishable key only for Stripe.js endpoints", async () => {
    const pk = new Stripe("pk_test_browser", { host: "127.0.0.1", port: h.emulator.port, protocol: "http", maxNetworkRetries: 0 });
    const err = await stripeError(pk.customers.list());
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/publishable API key/);
    const pm = await pk.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
    expect(pm.id).toMatch(/^pm_/);
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1500, currency: "usd" });
    const fetched = await pk.paymentIntents.retrieve(pi.id, { client_secret: pi.client_secret! });
    expect(fetched.status).toBe("requires_payment_method");
    expect(fetched).not.toHaveProperty("metadata");
    const noSecret = await stripeError(pk.paymentIntents.retrieve(pi.id));
    expect(noSecret.param).toBe("client_secret");
    const wrong = await stripeError(pk.paymentIntents.retrieve(pi.id, { client_secret: `${pi.id}_secret_wrong` }));
    expect(wrong.statusCode).toBe(400);
  });

  it("answers unknown paths with a Stripe-shaped 404", async () => {
    const res = await fetch(`${h.emulator.url}/v1/nope`, { headers: { Authorization: "Bearer sk_test_x" } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/Unrecognized request URL/);
    const root = await fetch(`${h.emulator.url}/whatever`);
    expect(root.status).toBe(404);
  });

  it("answers CORS preflights", async () => {
    const res = await fetch(`${h.emulator.url}/v1/payment_methods`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });

  it("never crashes on a malformed body", async () => {
    for (const body of ["%E0%A4%A", "a[b=1", "[]=1", "metadata[__proto__][x]=1"]) {
      const res = await fetch(`${h.emulator.url}/v1/customers`, {
        method: "POST",
        headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { type: string } };
      expect(json.error.type).toBe("invalid_request_error");
    }
    const json = await fetch(`${h.emulator.url}/v1/customers`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(json.status).toBe(400);
    expect((await fetch(`${h.emulator.url}/_emulator/health`)).status).toBe(200);
  });

  it("serves the Stripe.js stand-in", async () => {
    const res = await fetch(`${h.emulator.url}/v3/stripe.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(await res.text()).toContain("window.Stripe");
  });
});

describe("parameter validation", () => {
  it("rejects unknown params naming them", async () => {
    const err = await stripeError(h.raw.customers.create({ emali: "x@example.com" } as never));
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.code).toBe("parameter_unknown");
    expect(err.param).toBe("emali");
    expect(err.message).toBe("Received unknown parameter: emali");
    const nested = await stripeError(h.raw.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2040, color: "red" } } as never));
    expect(nested.param).toBe("card[color]");
  });

  it("rejects wrong types and missing required params", async () => {
    const notInt = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: "ten" as never, currency: "usd" }));
    expect(notInt.statusCode).toBe(400);
    expect(notInt.param).toBe("amount");
    expect(notInt.message).toMatch(/Invalid integer/);
    const missingCurrency = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000 } as never));
    expect(missingCurrency.code).toBe("parameter_missing");
    expect(missingCurrency.param).toBe("currency");
    const notBool = await stripeError(h.raw.products.create({ name: "X", active: "maybe" as never }));
    expect(notBool.param).toBe("active");
    const tooSmall = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 10, currency: "usd" }));
    expect(tooSmall.code).toBe("amount_too_small");
  });

  it("takes a single expand=value like expand[]=value, in objects and lists", async () => {
    const pi = await h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const one = (await h.raw.rawRequest("GET", `/v1/payment_intents/${pi.id}?expand=latest_charge`)) as unknown as Stripe.PaymentIntent;
    expect((one.latest_charge as Stripe.Charge).object).toBe("charge");
    const list = (await h.raw.rawRequest("GET", "/v1/payment_intents?limit=1&expand=data.latest_charge")) as unknown as Stripe.ApiList<Stripe.PaymentIntent>;
    expect((list.data[0].latest_charge as Stripe.Charge).object).toBe("charge");
  });

  it("answers unknown ids with resource_missing", async () => {
    const err = await stripeError(h.raw.customers.retrieve("cus_missing"));
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("resource_missing");
    expect(err.param).toBe("id");
    expect(err.message).toBe("No such customer: 'cus_missing'");
    const pi = await stripeError(h.raw.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 1000, currency: "usd", customer: "cus_nope" }));
    expect(pi.statusCode).toBe(400); // an id in a parameter: 400, an id in the path: 404
    expect(pi.param).toBe("customer");
  });
});

describe("customers", () => {
  it("creates, retrieves, updates, lists and deletes", async () => {
    const created = await h.stripe.customers.create({ email: "ada@example.com", name: "Ada", metadata: { user_id: "42" } });
    expect(created).toMatchObject({ object: "customer", email: "ada@example.com", name: "Ada", metadata: { user_id: "42" }, livemode: false });
    expect(created.id).toMatch(/^cus_/);
    const updated = await h.stripe.customers.update(created.id, { name: "Ada L.", metadata: { user_id: "", tier: "gold" } });
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ tier: "gold" });
    const byEmail = await h.stripe.customers.list({ email: "ada@example.com" });
    expect(byEmail.data.map((c) => c.id)).toEqual([created.id]);
    const deleted = await h.stripe.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: "customer", deleted: true });
    const after = await h.stripe.customers.retrieve(created.id);
    expect(after.deleted).toBe(true);
    const events = await h.stripe.events.list({ type: "customer.*" });
    const types = events.data.filter((e) => (e.data.object as { id: string }).id === created.id).map((e) => e.type);
    expect(types).toEqual(["customer.deleted", "customer.updated", "customer.created"]);
  });

  it("paginates lists newest first with limit, starting_after and ending_before", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.stripe.customers.create({ email: `page${i}@example.com`, metadata: { page: "yes" } })).id);
    const newest = ids.slice().reverse();
    const first = await h.stripe.customers.list({ limit: 2 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(first.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    const second = await h.stripe.customers.list({ limit: 2, starting_after: newest[1] });
    expect(second.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const back = await h.stripe.customers.list({ limit: 2, ending_before: newest[2] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ limit: 2 })) if (c.metadata.page === "yes") all.push(c.id);
    expect(all).toEqual(newest);
    const badLimit = await stripeError(h.raw.customers.list({ limit: 1000 }));
    expect(badLimit.param).toBe("limit");
  });
});

describe("products and prices", () => {
  it("creates products and prices, lists by lookup key, product and active", async () => {
    const product = await h.stripe.products.create({ name: "Pro plan", metadata: { tier: "pro" } });
    expect(product).toMatchObject({ object: "product", name: "Pro plan", active: true });
    expect(product.id).toMatch(/^prod_/);
    const monthly = await h.stripe.prices.create({ product: product.id, unit_amount: 1900, currency: "usd", recurring: { interval: "month" }, lookup_key: "pro_subscription" });
    expect(monthly).toMatchObject({ object: "price", unit_amount: 1900, currency: "usd", type: "recurring", lookup_key: "pro_subscription", product: product.id });
    expect(monthly.recurring).toMatchObject({ interval: "month", interval_count: 1 });
    const oneTime = await h.stripe.prices.create({ product_data: { name: "Mug" }, unit_amount: 1200, currency: "usd" });
    expect(oneTime.type).toBe("one_time");
    expect(oneTime.product).toMatch(/^prod_/);

    const byKey = await h.stripe.prices.list({ lookup_keys: ["pro_subscription"], expand: ["data.product"] });
    expect(byKey.data).toHaveLength(1);
    expect((byKey.data[0].product as Stripe.Product).name).toBe("Pro plan");

    const dup = await stripeError(h.raw.prices.create({ product: product.id, unit_amount: 2900, currency: "usd", recurring: { interval: "month" }, lookup_key: "pro_subscription" }));
    expect(dup.param).toBe("lookup_key");
    const moved = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 2900,
      currency: "usd",
      recurring: { interval: "month" },
      lookup_key: "pro_subscription",
      transfer_lookup_key: true,
    });
    const after = await h.stripe.prices.list({ lookup_keys: ["pro_subscription"] });
    expect(after.data.map((p) => p.id)).toEqual([moved.id]);
    expect((await h.stripe.prices.retrieve(monthly.id)).lookup_key).toBeNull();

    await h.stripe.prices.update(monthly.id, { active: false });
    const active = await h.stripe.prices.list({ product: product.id, active: true });
    expect(active.data.map((p) => p.id)).toEqual([moved.id]);

    const renamed = await h.stripe.products.update(product.id, { name: "Pro", default_price: moved.id });
    expect(renamed).toMatchObject({ name: "Pro", default_price: moved.id });
    const listed = await h.stripe.products.list({ active: true, limit: 100 });
    expect(listed.data.some((p) => p.id === product.id)).toBe(true);
    expect(await h.stripe.products.retrieve(product.id)).toMatchObject({ name: "Pro" });

    const noAmount = await stripeError(h.raw.products.create({ name: "No amount", default_price_data: { currency: "usd" } }));
    expect(noAmount).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "default_price_data[unit_amount]" });
    expect((await h.stripe.products.list({ limit: 100 })).data.map((p) => p.name)).not.toContain("No amount");
    const missingProduct = await stripeError(h.raw.prices.create({ unit_amount: 100, currency: "usd" } as never));
    expect(missingProduct.param).toBe("product");
    const created = await h.stripe.events.list({ type: "price.created" });
    expect(created.data.length).toBeGreaterThanOrEqual(3);
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and params", async () => {
    const key = `idem-${Date.now()}`;
    const first = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const second = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const raw = await h.stripe.rawRequest("POST", "/v1/customers", { email: "idem@example.com" }, { idempotencyKey: key } as never);
    expect(raw.lastResponse.headers["idempotent-replayed"]).toBe("true");
  });

  it("rejects the same key with different params or path", async () => {
    const key = `idem-mismatch-${Date.now()}`;
    await h.stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: key });
    const err = await stripeError(h.raw.customers.create({ email: "b@example.com" }, { idempotencyKey: key }));
    expect(err.type).toBe("StripeIdempotencyError");
    expect(err.statusCode).toBe(400);
    const otherPath = await stripeError(h.raw.products.create({ name: "x" }, { idempotencyKey: key }));
    expect(otherPath.type).toBe("StripeIdempotencyError");
  });

  it("creates exactly one object for concurrent requests with one key", async () => {
    const key = `idem-concurrent-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.stripe.paymentIntents.create({ automatic_payment_methods: NO_REDIRECTS, amount: 4200, currency: "usd", metadata: { k: key } }, { idempotencyKey: key })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const all = await h.stripe.paymentIntents.list({ limit: 100 });
    expect(all.data.filter((p) => p.metadata.k === key)).toHaveLength(1);
  });

  it("replays card errors too", async () => {
    const key = `idem-decline-${Date.now()}`;
    const params = { automatic_payment_methods: NO_REDIRECTS, amount: 2000, currency: "usd", payment_method: "pm_card_chargeDeclined", confirm: true };
    const first = await stripeError(h.raw.paymentIntents.create(params, { idempotencyKey: key }));
    const second = await stripeError(h.raw.paymentIntents.create(params, { idempotencyKey: key }));
    expect(first.type).toBe("StripeCardError");
    expect(second.type).toBe("StripeCardError");
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.headers?.["idempotent-replayed"]).toBe("true");
  });
});
