import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientIp } from "@/lib/auth/client-ip";

describe("the client address (M1)", () => {
  const xff = "198.51.100.9, 203.0.113.1, 10.0.0.2";

  it("without TRUSTED_PROXIES is the socket address, whatever X-Forwarded-For says", () => {
    const trust = parseTrustedProxies(undefined);
    expect(resolveClientIp("192.0.2.44", xff, trust)).toBe("192.0.2.44");
    expect(resolveClientIp("::ffff:192.0.2.44", xff, trust)).toBe("192.0.2.44");
    expect(resolveClientIp("192.0.2.44", null, trust)).toBe("192.0.2.44");
  });

  it("with a hop count believes that many proxies, counted from the socket", () => {
    expect(resolveClientIp("10.0.0.3", xff, parseTrustedProxies("1"))).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.3", xff, parseTrustedProxies("2"))).toBe("203.0.113.1");
    expect(resolveClientIp("10.0.0.3", xff, parseTrustedProxies("3"))).toBe("198.51.100.9");
    // More hops than entries: the leftmost is all there is.
    expect(resolveClientIp("10.0.0.3", xff, parseTrustedProxies("9"))).toBe("198.51.100.9");
    expect(resolveClientIp("10.0.0.3", null, parseTrustedProxies("1"))).toBe("10.0.0.3");
  });

  it("with a CIDR list walks back through trusted proxies only", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, 127.0.0.1");
    expect(resolveClientIp("10.0.0.3", xff, trust)).toBe("203.0.113.1");
    // A socket that is not a trusted proxy is the client itself.
    expect(resolveClientIp("192.0.2.1", xff, trust)).toBe("192.0.2.1");
    expect(resolveClientIp("127.0.0.1", "198.51.100.9", trust)).toBe("198.51.100.9");
    expect(resolveClientIp("::ffff:127.0.0.1", "198.51.100.9", parseTrustedProxies("loopback"))).toBe("198.51.100.9");
  });

  it("stops at a garbled hop instead of believing what lies beyond it", () => {
    expect(resolveClientIp("10.0.0.3", "198.51.100.9, not-an-ip", parseTrustedProxies("10.0.0.0/8"))).toBe("10.0.0.3");
  });

  it("refuses settings that are neither a hop count nor addresses", () => {
    expect(() => parseTrustedProxies("yes")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("-1")).toThrow(/TRUSTED_PROXIES/);
  });
});
