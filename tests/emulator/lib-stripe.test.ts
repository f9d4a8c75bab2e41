import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";

let emulator: RunningEmulator;
let dataDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
  dataDir = mkdtempSync(path.join(tmpdir(), "cashline-env-"));
  // lib/env reads process.env once; this file runs in its own worker.
  Object.assign(process.env, {
    STRIPE_EMULATOR_URL: emulator.url,
    STRIPE_SECRET_KEY: "",
    STRIPE_PUBLISHABLE_KEY: "",
    DATA_DIR: dataDir,
    AUTH_SECRET: "a".repeat(40),
    SESSION_SECRET: "b".repeat(40),
  });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("lib/stripe/server in emulator mode", () => {
  it("builds one SDK client pinned to the package's API version that talks to the emulator", async () => {
    const { getStripe, stripePublicConfig } = await import("@/lib/stripe/server");
    const stripe = getStripe();
    expect(getStripe()).toBe(stripe);
    const customer = await stripe.customers.create({ email: "lib@example.com" });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
    expect(stripePublicConfig()).toEqual({ publishableKey: "pk_test_emulator", stripeJsUrl: `${emulator.url}/v3/stripe.js` });
  });
});
