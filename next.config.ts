import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files; argon2 and pg-boss are Node-only; rate-limiter-flexible
  // imports drizzle-orm by a computed name at run time, which bundlers cannot follow.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss", "rate-limiter-flexible"],
  // The compatibility routes of the older services keep their trailing slashes verbatim.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  typedRoutes: false,
  async rewrites() {
    return {
      beforeFiles: [
        // seed 002: the catalog, same list as the canonical API
        { source: "/api/product/", destination: "/api/v1/products" },
        { source: "/api/product", destination: "/api/v1/products" },
        // seed 001: the webhook, same as the canonical one
        { source: "/api/stripe-webhook/", destination: "/api/v1/stripe/webhook" },
        { source: "/api/stripe-webhook", destination: "/api/v1/stripe/webhook" },
        // seed 003: JSON calls to /cart get the cart API; browsers (Accept: text/html) get the page,
        // and the page's own server actions (Next-Action header) are left alone.
        {
          source: "/cart",
          has: [{ type: "header", key: "content-type", value: "application/json.*" }],
          missing: [{ type: "header", key: "next-action" }],
          destination: "/api/compat/cart",
        },
        {
          source: "/cart",
          has: [{ type: "header", key: "accept", value: "(?!.*text/html).*" }],
          missing: [{ type: "header", key: "next-action" }, { type: "header", key: "rsc" }],
          destination: "/api/compat/cart",
        },
        { source: "/cart", missing: [{ type: "header", key: "accept" }], destination: "/api/compat/cart" },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
