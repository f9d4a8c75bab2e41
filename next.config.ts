import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files; argon2 and pg-boss are Node-only.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss"],
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
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
