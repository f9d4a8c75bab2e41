import { randomBytes } from "node:crypto";
import { createServerDatabase, startAppServer } from "./support/servers";

/** One production server for the suite, on its own database and emulator. */
export default async function globalSetup() {
  // The suite's admin account, known to the tests through process.env.
  const admin = { email: "e2e-admin@cashline.test", password: `admin-${randomBytes(12).toString("hex")}` };
  process.env.E2E_ADMIN_EMAIL = admin.email;
  process.env.E2E_ADMIN_PASSWORD = admin.password;
  const database = await createServerDatabase("e2e", admin);
  // A webhook secret the tests know, so they can sign deliveries of their own (the fuzz does).
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  process.env.E2E_WEBHOOK_SECRET = webhookSecret;
  const server = await startAppServer("e2e", { ...database.env, STRIPE_WEBHOOK_SECRET: webhookSecret });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_EMULATOR_URL = server.emulatorUrl;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
