import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { logDir, openServerDatabase, scanDatabaseForCardData } from "./support/scans";
import { createServerDatabase, startAppServer } from "../../support/servers";

/** One production server for the suite, on its own database and emulator. */
export default async function globalSetup() {
  // The suite's admin account, known to the tests through process.env.
  const admin = { email: "e2e-admin@cashline.test", password: `admin-${randomBytes(12).toString("hex")}` };
  process.env.E2E_ADMIN_EMAIL = admin.email;
  process.env.E2E_ADMIN_PASSWORD = admin.password;
  // The log scan (zz-log-and-data-scan.spec.ts) reads this run's logs only.
  rmSync(logDir, { recursive: true, force: true });
  const database = await createServerDatabase("e2e", admin);
  // A webhook secret the tests know, so they can sign deliveries of their own (the fuzz does).
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  process.env.E2E_WEBHOOK_SECRET = webhookSecret;
  // The suite signs up dozens of accounts from 127.0.0.1; abuse-limits.spec.ts checks the default.
  // CASHLINE_TEST_EVENTS: the cashline.test_* event types (admin-orders.spec.ts fails one on purpose and replays it).
  const server = await startAppServer("e2e", { ...database.env, STRIPE_WEBHOOK_SECRET: webhookSecret, SIGNUPS_PER_IP_PER_HOUR: "1000", CASHLINE_TEST_EVENTS: "1" });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_EMULATOR_URL = server.emulatorUrl;
  return async () => {
    await server.stop();
    try {
      // With the server stopped, its database (PGlite: one process per folder) is scanned for card data.
      const handle = openServerDatabase(database.env);
      try {
        const { columns, values, hits } = await scanDatabaseForCardData(handle);
        console.log(`data scan: ${columns} text/json columns, ${values} values, ${hits.length} hits`);
        if (hits.length) throw new Error(`card data stored in the e2e database:\n${hits.join("\n")}`);
      } finally {
        await handle.close();
      }
    } finally {
      await database.drop();
    }
  };
}
