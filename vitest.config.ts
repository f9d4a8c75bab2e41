import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "tests/support/server-only.ts") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/emulator/**/*.test.ts"],
    // Tests that need a database server (several processes on one database) run on Postgres only.
    exclude: process.env.DATABASE_URL ? [] : ["tests/**/*.postgres.test.ts"],
    environment: "node",
    // next-auth imports `next/server` without an extension, which only a bundler resolves (the OpenAPI coverage test loads every route).
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
    reporters: ["default", ["json", { outputFile: ".test-data/reports/vitest.json" }]],
    // Reconciliation and audit retention run on their own schedules in the app; tests call them directly instead.
    env: { DATA_DIR: ".test-data/vitest", RECONCILE_CRON: "off", AUDIT_RETENTION_CRON: "off", STOCK_HOLD_CRON: "off", DB_MAINTENANCE_CRON: "off" },
  },
});
