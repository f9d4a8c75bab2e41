import { randomUUID } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, signToken, verifyAccessToken, verifyToken } from "@/lib/auth/tokens";

const userId = randomUUID();

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect(statusOf(err as DomainError)).toBe(401);
  return err as DomainError;
}

describe("API access tokens", () => {
  it("issues an HS256 access token for 15 minutes that verifies to its user", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const token = await signAccessToken(userId, now);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: userId, token_type: "access", iss: "cashline" });
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(typeof claims.jti).toBe("string");
    expect(await verifyAccessToken(token, now)).toBe(userId);
    expect(await verifyAccessToken(token, new Date(now.getTime() + 14 * 60 * 1000))).toBe(userId);
  });

  it("refuses an expired token", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const token = await signAccessToken(userId, now);
    const err = await rejection(verifyAccessToken(token, new Date(now.getTime() + 16 * 60 * 1000)));
    expect(err.code).toBe("invalid_token");
    expect(err.message).toMatch(/expired/);
  });

  it("refuses a tampered token", async () => {
    const token = await signAccessToken(userId);
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: randomUUID() })).toString("base64url");
    await rejection(verifyAccessToken(`${header}.${forged}.${signature}`));
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    await rejection(verifyAccessToken(`${header}.${payload}.${flipped}`));
  });

  it("refuses a token signed with another key or algorithm, and garbage", async () => {
    const other = await new SignJWT({ token_type: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuer("cashline")
      .setExpirationTime("15m")
      .sign(new TextEncoder().encode("x".repeat(32)));
    await rejection(verifyAccessToken(other));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(decodeJwt(other))).toString("base64url")}.`;
    await rejection(verifyAccessToken(unsigned));
    await rejection(verifyAccessToken("not-a-jwt"));
    await rejection(verifyAccessToken(""));
  });

  it("refuses a refresh token where an access token is expected, and the reverse", async () => {
    const refresh = await signToken(userId, "refresh", randomUUID(), 7 * 24 * 3600, new Date());
    expect(decodeJwt(refresh).token_type).toBe("refresh");
    const err = await rejection(verifyAccessToken(refresh));
    expect(err.message).toBe("Expected an access token.");
    const access = await signAccessToken(userId);
    expect((await rejection(verifyToken(access, "refresh"))).message).toBe("Expected a refresh token.");
  });
});
