import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";

const unique = () => randomBytes(4).toString("hex");
const jwtClaims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));

/** An account made through seed 002's signup call, as its README shows it. */
async function signupSeed002(request: APIRequestContext) {
  const email = `foobar-${unique()}@gmail.com`;
  const res = await request.post("/api/signup/", { data: { first_name: "foo", last_name: "bar", email, password: "password" } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ success: true });
  return { email, password: "password" };
}

test.describe("seed 001: JWT auth (djangorestframework-simplejwt shapes)", () => {
  test("obtain → call with `Authorization: JWT <access>` → refresh", async ({ request }) => {
    const user = await signupSeed002(request);
    const obtained = await request.post("/api/token/obtain", { data: { username: user.email, password: user.password } });
    expect(obtained.status()).toBe(200);
    const tokens = await obtained.json();
    expect(Object.keys(tokens).sort()).toEqual(["access", "refresh"]);
    expect(jwtClaims(tokens.access).token_type).toBe("access");
    expect(jwtClaims(tokens.refresh).token_type).toBe("refresh");

    const me = await request.get("/api/v1/me", { headers: { Authorization: `JWT ${tokens.access}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email, name: "foo bar", role: "customer" });

    const refreshed = await request.post("/api/token/refresh", { data: { refresh: tokens.refresh } });
    expect(refreshed.status()).toBe(200);
    const body = await refreshed.json();
    expect(Object.keys(body)).toEqual(["access"]);
    const meAgain = await request.get("/api/v1/me", { headers: { Authorization: `JWT ${body.access}` } });
    expect(meAgain.status()).toBe(200);
    // These clients keep their refresh token: it still works.
    expect((await request.post("/api/token/refresh", { data: { refresh: tokens.refresh } })).status()).toBe(200);
  });

  test("failures answer as simplejwt did", async ({ request }) => {
    const user = await signupSeed002(request);
    const wrong = await request.post("/api/token/obtain", { data: { username: user.email, password: "not-the-password" } });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({ detail: "No active account found with the given credentials" });

    const missing = await request.post("/api/token/obtain", { data: { username: user.email } });
    expect(missing.status()).toBe(400);
    expect(await missing.json()).toEqual({ password: ["This field is required."] });

    const badRefresh = await request.post("/api/token/refresh", { data: { refresh: "garbage" } });
    expect(badRefresh.status()).toBe(401);
    expect(await badRefresh.json()).toMatchObject({ code: "token_not_valid" });

    const malformed = await request.post("/api/token/obtain", { headers: { "Content-Type": "application/json" }, data: "{not json" });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).detail).toMatch(/JSON/);
  });
});

test.describe("seed 002: token auth and signup", () => {
  test("POST /api/api-token-auth/ with the README's body gives a token for `Authorization: JWT`", async ({ request }) => {
    const user = await signupSeed002(request);
    const res = await request.post("/api/api-token-auth/", { data: { username: user.email, password: user.password } });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["token"]);
    const me = await request.get("/api/v1/me", { headers: { Authorization: `JWT ${body.token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).email).toBe(user.email);
  });

  test("failures: {\"detail\":\"authorization failure\"} and {\"success\":false,\"error\"}", async ({ request }) => {
    const failed = await request.post("/api/api-token-auth/", { data: { username: "dummy@user.com", password: "password" } });
    expect(failed.status()).toBe(400);
    expect(await failed.json()).toEqual({ detail: "authorization failure" });

    const user = await signupSeed002(request);
    const again = await request.post("/api/signup/", {
      data: { first_name: "foo", last_name: "bar", email: user.email.toUpperCase(), password: "password" },
    });
    expect(again.status()).toBe(400);
    expect(await again.json()).toEqual({ success: false, error: "An account with this email already exists." });

    const weak = await request.post("/api/signup/", { data: { first_name: "a", last_name: "b", email: `w-${unique()}@gmail.com`, password: "short" } });
    expect(weak.status()).toBe(400);
    expect(await weak.json()).toEqual({ success: false, error: "Password must be at least 8 characters." });

    const missing = await request.post("/api/signup/", { data: { first_name: "a", last_name: "b" } });
    expect(missing.status()).toBe(400);
    expect(await missing.json()).toEqual({ success: false, error: "Email is required. Password is required." });
  });

  test("form-encoded posts (the seed's jQuery client) work too", async ({ request }) => {
    const email = `form-${unique()}@gmail.com`;
    const signup = await request.post("/api/signup/", { form: { first_name: "foo", last_name: "bar", email, password: "password" } });
    expect(await signup.json()).toEqual({ success: true });
    const token = await request.post("/api/api-token-auth/", { form: { username: email, password: "password" } });
    expect(token.status()).toBe(200);
    expect(typeof (await token.json()).token).toBe("string");
  });
});

test.describe("canonical API tokens", () => {
  test("issue, use, rotate; replaying a spent refresh token revokes the family", async ({ request }) => {
    const user = await signupSeed002(request);
    const res = await request.post("/api/v1/auth/token", { data: { email: user.email, password: user.password } });
    expect(res.status()).toBe(200);
    const first = await res.json();
    expect(first).toEqual({ access: expect.any(String), refresh: expect.any(String), token_type: "Bearer", expires_in: 900 });

    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${first.access}` } });
    expect(await me.json()).toMatchObject({ email: user.email, role: "customer" });

    const rotated = await request.post("/api/v1/auth/token/refresh", { data: { refresh: first.refresh } });
    expect(rotated.status()).toBe(200);
    const second = await rotated.json();
    expect(second.refresh).not.toBe(first.refresh);

    const replay = await request.post("/api/v1/auth/token/refresh", { data: { refresh: first.refresh } });
    expect(replay.status()).toBe(401);
    expect(await replay.json()).toEqual({ error: { code: "invalid_token", message: expect.any(String) } });
    const familyGone = await request.post("/api/v1/auth/token/refresh", { data: { refresh: second.refresh } });
    expect(familyGone.status()).toBe(401);
  });

  test("401 without a valid access token; bad input is a 4xx naming the field", async ({ request }) => {
    const none = await request.get("/api/v1/me");
    expect(none.status()).toBe(401);
    expect(await none.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });

    const user = await signupSeed002(request);
    const { refresh } = await (await request.post("/api/v1/auth/token", { data: { username: user.email, password: user.password } })).json();
    expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${refresh}` } })).status()).toBe(401);
    expect((await request.get("/api/v1/me", { headers: { Authorization: "Bearer x.y.z" } })).status()).toBe(401);

    const missing = await request.post("/api/v1/auth/token", { data: { email: user.email } });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).error.fields).toHaveProperty("password");

    const notJson = await request.post("/api/v1/auth/token", { headers: { "Content-Type": "text/plain" }, data: "hello" });
    expect(notJson.status()).toBe(415);

    const broken = await request.post("/api/v1/auth/token", { headers: { "Content-Type": "application/json" }, data: "{" });
    expect(broken.status()).toBe(400);
    expect((await broken.json()).error.fields).toHaveProperty("body");

    const wrong = await request.post("/api/v1/auth/token", { data: { email: user.email, password: "nope-nope" } });
    expect(wrong.status()).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_credentials");
  });
});
