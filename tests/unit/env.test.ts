import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "cashline-env-"));

describe("env", () => {
  it("defaults to the embedded mode and generates secrets once", () => {
    const dir = dataDir();
    const first = parseEnv({ DATA_DIR: dir });
    expect(first.stripeEmulated).toBe(true);
    expect(first.DATABASE_URL).toBeUndefined();
    expect(first.pgliteDir).toBe(path.join(dir, "pglite"));
    expect(first.STORE_CURRENCY).toBe("usd");
    expect(first.appUrl).toBe("http://localhost:3000");
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    const second = parseEnv({ DATA_DIR: dir });
    expect(second.authSecret).toBe(first.authSecret);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).sessionSecret).toBe(first.sessionSecret);
  });

  it("names each bad variable in one error", () => {
    let caught: unknown;
    try {
      parseEnv({ DATA_DIR: dataDir(), PORT: "http", DATABASE_URL: "mysql://x", STORE_CURRENCY: "dollars", STRIPE_SECRET_KEY: "nope" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as EnvError).message;
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL must start with postgres/);
    expect(message).toMatch(/STORE_CURRENCY must be a three-letter/);
    expect(message).toMatch(/STRIPE_SECRET_KEY must look like/);
  });

  it("requires the publishable key with real Stripe keys and secrets in production", () => {
    expect(() => parseEnv({ DATA_DIR: dataDir(), STRIPE_SECRET_KEY: "sk_test_123" })).toThrow(/STRIPE_PUBLISHABLE_KEY: is required/);
    expect(() => parseEnv({ DATA_DIR: dataDir(), NODE_ENV: "production", DATABASE_URL: "postgres://h/db" })).toThrow(/AUTH_SECRET/);
    const real = parseEnv({ DATA_DIR: dataDir(), STRIPE_SECRET_KEY: "sk_test_1", STRIPE_PUBLISHABLE_KEY: "pk_test_1", STORE_CURRENCY: "EUR" });
    expect(real.stripeEmulated).toBe(false);
    expect(real.STORE_CURRENCY).toBe("eur");
  });

  it("accepts TRUSTED_PROXIES as a hop count or addresses, and names it when it is neither", () => {
    expect(parseEnv({ DATA_DIR: dataDir(), TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toBe("1");
    expect(parseEnv({ DATA_DIR: dataDir(), TRUSTED_PROXIES: "10.0.0.0/8, loopback" }).TRUSTED_PROXIES).toBe("10.0.0.0/8, loopback");
    expect(() => parseEnv({ DATA_DIR: dataDir(), TRUSTED_PROXIES: "the load balancer" })).toThrow(/TRUSTED_PROXIES: must be a hop count/);
  });

  it("reads SIGNUPS_PER_IP_PER_HOUR as a positive whole number", () => {
    expect(parseEnv({ DATA_DIR: dataDir() }).SIGNUPS_PER_IP_PER_HOUR).toBeUndefined();
    expect(parseEnv({ DATA_DIR: dataDir(), SIGNUPS_PER_IP_PER_HOUR: "25" }).SIGNUPS_PER_IP_PER_HOUR).toBe(25);
    expect(() => parseEnv({ DATA_DIR: dataDir(), SIGNUPS_PER_IP_PER_HOUR: "0" })).toThrow(/SIGNUPS_PER_IP_PER_HOUR must be a whole number/);
  });

  it("keeps audit entries AUDIT_RETENTION_DAYS (default 90), purged on AUDIT_RETENTION_CRON", () => {
    const defaults = parseEnv({ DATA_DIR: dataDir() });
    expect(defaults.AUDIT_RETENTION_DAYS).toBe(90);
    expect(defaults.AUDIT_RETENTION_CRON).toBe("17 3 * * *");
    expect(parseEnv({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: "30", AUDIT_RETENTION_CRON: "off" })).toMatchObject({ AUDIT_RETENTION_DAYS: 30, AUDIT_RETENTION_CRON: "off" });
    expect(parseEnv({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: "" }).AUDIT_RETENTION_DAYS).toBe(90);
    expect(() => parseEnv({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: "0" })).toThrow(/AUDIT_RETENTION_DAYS must be a whole number/);
    expect(() => parseEnv({ DATA_DIR: dataDir(), AUDIT_RETENTION_CRON: "daily" })).toThrow(/AUDIT_RETENTION_CRON must be a five-field cron/);
  });
});
