import { createHash, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { refreshTokens, type User } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * API tokens (seeds 001 and 002): HS256 JWTs keyed from AUTH_SECRET.
 * - access: 15 minutes, stateless, `token_type: "access"`.
 * - refresh: 7 days, `token_type: "refresh"`, `jti` = refresh_tokens.id. Rotation revokes the
 *   presented token and issues the next one in the same family; presenting a revoked token again
 *   means it leaked, so the whole family is revoked.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = "cashline";
const ALG = "HS256";

export type TokenType = "access" | "refresh";
export type TokenClaims = JWTPayload & { sub: string; jti: string; token_type: TokenType; exp: number };
export type TokenPair = { access: string; refresh: string };

let cachedKey: { secret: string; key: Uint8Array } | undefined;

/** A key of its own for API tokens, derived from AUTH_SECRET (Auth.js derives its own too). */
function signingKey(): Uint8Array {
  const secret = env().authSecret;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: new Uint8Array(createHash("sha256").update(`cashline api tokens\0${secret}`).digest()) };
  }
  return cachedKey.key;
}

const nowSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

export function invalidToken(message = "The token is invalid or expired."): DomainError {
  return new DomainError("invalid_token", message);
}

/** Sign a token of either type (exported for tests; use the functions below). */
export async function signToken(userId: string, type: TokenType, jti: string, ttlSeconds: number, now: Date): Promise<string> {
  const iat = nowSeconds(now);
  return new SignJWT({ token_type: type })
    .setProtectedHeader({ alg: ALG, typ: "JWT" })
    .setSubject(userId)
    .setJti(jti)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(signingKey());
}

export function signAccessToken(userId: string, now = new Date()): Promise<string> {
  return signToken(userId, "access", randomUUID(), ACCESS_TOKEN_TTL_SECONDS, now);
}

/** Check signature, expiry and type; throws invalid_token otherwise. */
export async function verifyToken(token: string, expected: TokenType, now = new Date()): Promise<TokenClaims> {
  if (typeof token !== "string" || token.length === 0 || token.length > 4096) throw invalidToken();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, signingKey(), { algorithms: [ALG], issuer: ISSUER, currentDate: now, requiredClaims: ["sub", "jti", "exp"] }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw invalidToken("The token has expired.");
    throw invalidToken();
  }
  if (payload.token_type !== expected) throw invalidToken(expected === "access" ? "Expected an access token." : "Expected a refresh token.");
  return payload as TokenClaims;
}

/** The user id an access token stands for. */
export async function verifyAccessToken(token: string, now = new Date()): Promise<string> {
  return (await verifyToken(token, "access", now)).sub;
}

async function issueRefreshToken(userId: string, familyId: string, now: Date): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  await db()
    .insert(refreshTokens)
    .values({ id, userId, familyId, expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000), createdAt: now });
  return { id, token: await signToken(userId, "refresh", id, REFRESH_TOKEN_TTL_SECONDS, now) };
}

/** A fresh access token and a refresh token that starts a new family (at sign-in). */
export async function issueTokenPair(user: Pick<User, "id">, now = new Date()): Promise<TokenPair> {
  const refresh = await issueRefreshToken(user.id, randomUUID(), now);
  return { access: await signAccessToken(user.id, now), refresh: refresh.token };
}

export async function revokeTokenFamily(familyId: string, now = new Date()): Promise<void> {
  await db()
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revoke every live refresh token of a user (a deactivated account keeps none). */
export async function revokeUserTokens(userId: string, now = new Date()): Promise<void> {
  await db()
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** The stored, live row behind a refresh token; reuse of a revoked one revokes its family. */
async function liveRefreshRow(token: string, now: Date) {
  const claims = await verifyToken(token, "refresh", now);
  const [row] = await db().select().from(refreshTokens).where(eq(refreshTokens.id, claims.jti)).limit(1);
  if (!row || row.userId !== claims.sub) throw invalidToken();
  if (row.revokedAt) {
    await revokeTokenFamily(row.familyId, now);
    throw invalidToken("The refresh token has been revoked.");
  }
  if (row.expiresAt <= now) throw invalidToken("The token has expired.");
  return row;
}

/** Trade a refresh token for a new pair; the presented token is revoked (rotation). */
export async function rotateRefreshToken(token: string, now = new Date()): Promise<TokenPair & { userId: string }> {
  const row = await liveRefreshRow(token, now);
  const next = await issueRefreshToken(row.userId, row.familyId, now);
  // Revoke only if still live: of two concurrent uses of one token, exactly one wins.
  const revoked = await db()
    .update(refreshTokens)
    .set({ revokedAt: now, replacedBy: next.id })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (revoked.length === 0) {
    await revokeTokenFamily(row.familyId, now);
    throw invalidToken("The refresh token has been revoked.");
  }
  return { access: await signAccessToken(row.userId, now), refresh: next.token, userId: row.userId };
}

/**
 * A new access token for a live refresh token, which stays valid (seed 001's
 * `/api/token/refresh`, whose clients keep their refresh token and expect only `access`).
 */
export async function accessTokenFromRefresh(token: string, now = new Date()): Promise<{ access: string; userId: string }> {
  const row = await liveRefreshRow(token, now);
  return { access: await signAccessToken(row.userId, now), userId: row.userId };
}
