import { describe, expect, it } from "vitest";
import { isPagePath, securityHeaders } from "@/lib/security-headers";

describe("security headers", () => {
  it("allow the emulator's origin for Stripe.js in embedded mode, and nothing of Stripe's", () => {
    const h = securityHeaders({ stripeEmulatorUrl: "http://127.0.0.1:12111", development: false });
    const csp = h["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://127.0.0.1:12111");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:12111");
    expect(csp).not.toContain("js.stripe.com");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
  });

  it("add HSTS when the public URL is https", () => {
    const h = securityHeaders({ stripeEmulatorUrl: null, development: false, https: true });
    expect(h["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
  });

  it("allow Stripe's documented hosts with real keys", () => {
    const csp = securityHeaders({ stripeEmulatorUrl: null, development: false })["Content-Security-Policy"];
    expect(csp).toContain("https://js.stripe.com");
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    expect(csp).toContain("frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
  });
});

describe("which paths are pages (and get the headers from scripts/server.ts)", () => {
  it.each(["/", "/products/stoneware-mug", "/orders/abc", "/login", "/no-such-page", "/robots.txt"])("%s is a page", (path) => {
    expect(isPagePath(path)).toBe(true);
  });
  it.each(["/_next/static/chunks/a.js", "/_next/image", "/favicon.ico", "/products/stoneware-mug.svg", "/api/v1/products", "/v1/product"])("%s is not", (path) => {
    expect(isPagePath(path)).toBe(false);
  });
});
