import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { clientIp, PEER_HEADER, peerHeaderValue } from "@/lib/auth/client-ip";
import { rateLimitMessage } from "@/lib/auth/rate-limit";
import { bearerToken } from "@/lib/auth/request";

describe("callback URLs after sign-in", () => {
  it("keeps same-origin paths", () => {
    expect(safeCallbackPath("/admin")).toBe("/admin");
    expect(safeCallbackPath("/orders/1?x=1#top")).toBe("/orders/1?x=1#top");
  });
  it("refuses other sites and junk", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "admin", "", undefined, ["/a"]]) {
      expect(safeCallbackPath(bad)).toBe("/");
    }
  });
});

describe("Authorization header", () => {
  const req = (value?: string) => new Request("http://x/", { headers: value ? { authorization: value } : {} });
  it("accepts Bearer and seed 001's JWT scheme", () => {
    expect(bearerToken(req("Bearer abc.def.ghi"))).toBe("abc.def.ghi");
    expect(bearerToken(req("JWT abc.def.ghi"))).toBe("abc.def.ghi");
    expect(bearerToken(req("jwt   abc"))).toBe("abc");
  });
  it("tells a missing header from a malformed one", () => {
    expect(bearerToken(req())).toBeUndefined();
    expect(bearerToken(req("Basic dXNlcjpwYXNz"))).toBeNull();
    expect(bearerToken(req("Bearer"))).toBeNull();
  });
});

describe("rate limit wording and client IP", () => {
  it("says how many minutes to wait", () => {
    expect(rateLimitMessage(30)).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(rateLimitMessage(14 * 60 + 1)).toBe("Too many sign-in attempts. Try again in 15 minutes.");
  });
  it("believes the socket address from the front server, not headers the client chose (M1)", () => {
    const spoofed = { "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "198.51.100.2" };
    expect(clientIp(new Headers({ ...spoofed, [PEER_HEADER]: peerHeaderValue("192.0.2.33") }))).toBe("192.0.2.33");
    // Without the front server's header (or with a forged one) the client is unknown.
    expect(clientIp(new Headers(spoofed))).toBeNull();
    expect(clientIp(new Headers({ ...spoofed, [PEER_HEADER]: "forged-token 192.0.2.33" }))).toBeNull();
  });
});
