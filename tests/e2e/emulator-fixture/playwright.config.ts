/**
 * Runs tests/e2e/emulator-elements.spec.ts on its own (no Next app, no global setup):
 *   npx playwright test -c tests/e2e/emulator-fixture/playwright.config.ts
 */
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "../../../playwright.config";

export default defineConfig({
  testDir: "..",
  testMatch: /emulator-elements\.spec\.ts$/,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: { trace: "retain-on-failure" },
  outputDir: "../../../test-results/emulator-elements",
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions } }],
});
