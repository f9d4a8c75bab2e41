import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CardDeclinedError, DomainError, ERROR_CODES, RateLimitedError } from "@/lib/errors";
import { canonical } from "@/lib/http/contracts/canonical";
import { drf } from "@/lib/http/contracts/drf";
import { seed002Signup, seed002TokenAuth } from "@/lib/http/contracts/seed-002";
import { simplejwt } from "@/lib/http/contracts/simplejwt";
import { STATUS_BY_CODE } from "@/lib/http/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const answer = async (res: Response) => ({ status: res.status, body: await res.json(), retryAfter: res.headers.get("retry-after") });

describe("domain error codes → HTTP (lib/http/errors.ts)", () => {
  it("maps every code to a 4xx or 503 status", () => {
    for (const code of ERROR_CODES) expect([400, 401, 402, 403, 404, 409, 413, 415, 429, 503]).toContain(STATUS_BY_CODE[code]);
  });

  it("answers a rate limit with 429 and Retry-After in every contract", async () => {
    for (const contract of [canonical, drf, simplejwt, seed002TokenAuth, seed002Signup]) {
      const a = await answer(contract.respond(new RateLimitedError("Slow down.", 42)));
      expect(a, contract.name).toMatchObject({ status: 429, retryAfter: "42" });
    }
  });
});

describe("error contracts", () => {
  const taken = new DomainError("email_taken", "An account with this email already exists.", { email: ["An account with this email already exists."] });

  it("canonical: {error: {code, message, fields}}", async () => {
    expect(await answer(canonical.respond(taken))).toMatchObject({
      status: 409,
      body: { error: { code: "email_taken", message: taken.message, fields: taken.fields } },
    });
  });

  it("DRF: fields as lists, otherwise {detail}; a decline carries its decline code", async () => {
    expect((await answer(drf.respond(taken))).body).toEqual({ email: [taken.message] });
    expect(await answer(drf.respond(new DomainError("unauthorized", "x")))).toMatchObject({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
    expect(await answer(drf.respond(new CardDeclinedError("Your card has insufficient funds.", "insufficient_funds", null)))).toEqual({
      status: 402,
      body: { detail: "Your card has insufficient funds.", code: "insufficient_funds" },
      retryAfter: null,
    });
  });

  it("simplejwt: its two fixed messages", async () => {
    expect(await answer(simplejwt.respond(new DomainError("invalid_credentials", "x")))).toMatchObject({
      status: 401,
      body: { detail: "No active account found with the given credentials" },
    });
    expect((await answer(simplejwt.respond(new DomainError("invalid_token", "x")))).body).toEqual({ detail: "Token is invalid or expired", code: "token_not_valid" });
  });

  it("seed 002: token auth answers 400 'authorization failure'; signup {success:false, error} with 400", async () => {
    expect(await answer(seed002TokenAuth.respond(new DomainError("invalid_credentials", "x")))).toMatchObject({ status: 400, body: { detail: "authorization failure" } });
    expect(await answer(seed002Signup.respond(taken))).toMatchObject({ status: 400, body: { success: false, error: taken.message } });
  });
});

describe("route() wrapper", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Request("http://shop.test/api/x", { method: "POST", body, headers: { "content-type": "application/json", host: "shop.test", ...headers } });
  const echo = route({ auth: "none", sameOrigin: true, body: z.object({ quantity: z.number().int().min(1) }).strict() }, async ({ body }) => json(body));

  it("validates the body and names the field", async () => {
    expect(await answer(await echo(post('{"quantity":2}'), {}))).toMatchObject({ status: 200, body: { quantity: 2 } });
    expect(await answer(await echo(post('{"quantity":0}'), {}))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request", fields: { quantity: [expect.any(String)] } } },
    });
  });

  it("refuses a cross-origin browser request before reading anything", async () => {
    expect(await answer(await echo(post("not json", { origin: "http://evil.test", "sec-fetch-site": "cross-site" }), {}))).toMatchObject({
      status: 403,
      body: { error: { code: "cross_origin_request" } },
    });
  });

  it("answers an unexpected failure with a 500 that hides it", async () => {
    const broken = route({ auth: "none" }, async () => {
      throw new Error("connection refused at 10.0.0.3 password=hunter2");
    });
    const a = await answer(await broken(post("{}"), {}));
    expect(a).toMatchObject({ status: 500, body: { error: { code: "internal_error" } } });
    expect(JSON.stringify(a.body)).not.toContain("hunter2");
  });

  it("hands path parameters to the handler", async () => {
    const show = route({ auth: "none" }, async ({ params }) => json(params));
    expect((await answer(await show(new Request("http://shop.test/x/abc"), { params: Promise.resolve({ id: "abc" }) }))).body).toEqual({ id: "abc" });
  });
});
