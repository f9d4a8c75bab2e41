import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshTokens, users, type User } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import { obtainTokenPair } from "@/lib/auth/login";
import { authenticateRequest, requireUser } from "@/lib/auth/request";
import { accessTokenFromRefresh, issueTokenPair, rotateRefreshToken, signAccessToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
let user: User;
beforeAll(async () => {
  testDb = await createTestDatabase();
  user = await createUser({ email: "tok@example.com", name: "Tok", password: "token-password" });
});
afterAll(() => testDb.drop());

const rows = (familyId: string) => testDb.handle.db.select().from(refreshTokens).where(eq(refreshTokens.familyId, familyId));
const familyOf = async (refresh: string) => {
  const [row] = await testDb.handle.db.select().from(refreshTokens).where(eq(refreshTokens.id, decodeJwt(refresh).jti!));
  return row.familyId;
};
const unauthorized = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect(statusOf(err as DomainError)).toBe(401);
};
const withAuth = (value: string) => new Request("http://localhost/api/v1/me", { headers: { authorization: value } });

describe(`refresh tokens (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("issues a pair at sign-in; the refresh token's jti is its stored row", async () => {
    const pair = await obtainTokenPair({ email: "TOK@example.com", password: "token-password" });
    const claims = decodeJwt(pair.refresh);
    expect(claims).toMatchObject({ sub: user.id, token_type: "refresh" });
    expect(claims.exp! - claims.iat!).toBe(7 * 24 * 3600);
    const [row] = await testDb.handle.db.select().from(refreshTokens).where(eq(refreshTokens.id, claims.jti!));
    expect(row).toMatchObject({ userId: user.id, revokedAt: null });
    await unauthorized(obtainTokenPair({ email: "tok@example.com", password: "wrong-password" }));
  });

  it("rotates: the used token is revoked and replaced by one in the same family", async () => {
    const first = await issueTokenPair(user);
    const family = await familyOf(first.refresh);
    const second = await rotateRefreshToken(first.refresh);
    expect(second.userId).toBe(user.id);
    expect(await familyOf(second.refresh)).toBe(family);
    const stored = await rows(family);
    expect(stored).toHaveLength(2);
    const old = stored.find((r) => r.id === decodeJwt(first.refresh).jti)!;
    expect(old.revokedAt).not.toBeNull();
    expect(old.replacedBy).toBe(decodeJwt(second.refresh).jti);
    const third = await rotateRefreshToken(second.refresh);
    expect(await familyOf(third.refresh)).toBe(family);
  });

  it("reuse of a revoked refresh token revokes the whole family", async () => {
    const first = await issueTokenPair(user);
    const family = await familyOf(first.refresh);
    const second = await rotateRefreshToken(first.refresh);
    await unauthorized(rotateRefreshToken(first.refresh)); // replayed: a thief or a bug
    expect((await rows(family)).every((r) => r.revokedAt !== null)).toBe(true);
    await unauthorized(rotateRefreshToken(second.refresh)); // the legitimate holder must sign in again
    await unauthorized(accessTokenFromRefresh(second.refresh));
  });

  it("only one of two concurrent rotations of one token wins", async () => {
    const { refresh } = await issueTokenPair(user);
    const results = await Promise.allSettled([rotateRefreshToken(refresh), rotateRefreshToken(refresh)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("seed 001's refresh gives a new access token and keeps the refresh token usable", async () => {
    const { refresh } = await issueTokenPair(user);
    const a = await accessTokenFromRefresh(refresh);
    const b = await accessTokenFromRefresh(refresh);
    expect(decodeJwt(a.access).token_type).toBe("access");
    expect((await authenticateRequest(withAuth(`JWT ${b.access}`)))?.id).toBe(user.id);
  });

  it("refuses expired, access-as-refresh and unknown refresh tokens", async () => {
    const { refresh, access } = await issueTokenPair(user);
    await unauthorized(rotateRefreshToken(refresh, new Date(Date.now() + 8 * 24 * 3600 * 1000)));
    await unauthorized(rotateRefreshToken(access));
    await testDb.handle.db.delete(refreshTokens).where(eq(refreshTokens.id, decodeJwt(refresh).jti!));
    await unauthorized(rotateRefreshToken(refresh));
  });
});

describe("authenticating API requests", () => {
  it("accepts Bearer and JWT access tokens and returns the user without secrets", async () => {
    const access = await signAccessToken(user.id);
    for (const scheme of ["Bearer", "JWT"]) {
      const me = await authenticateRequest(withAuth(`${scheme} ${access}`));
      expect(me).toEqual({ id: user.id, email: "tok@example.com", name: "Tok", role: "customer" });
    }
  });

  it("401s refresh tokens, garbage, and tokens of deleted users", async () => {
    const { refresh } = await issueTokenPair(user);
    expect(await authenticateRequest(withAuth(`Bearer ${refresh}`))).toBeNull();
    expect(await authenticateRequest(withAuth("Bearer nope"))).toBeNull();
    expect(await authenticateRequest(withAuth("Basic abc"))).toBeNull();
    const err = await requireUser(withAuth("Bearer nope")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unauthorized" });
    expect(statusOf(err as DomainError)).toBe(401);

    const gone = await createUser({ email: "gone@example.com", password: "gone-password" });
    const access = await signAccessToken(gone.id);
    await testDb.handle.db.delete(users).where(eq(users.id, gone.id));
    expect(await authenticateRequest(withAuth(`Bearer ${access}`))).toBeNull();
  });
});
