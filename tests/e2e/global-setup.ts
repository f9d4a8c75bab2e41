import { randomBytes } from "node:crypto";
import { createServerDatabase, startAppServer } from "./support/servers";

/** One production server for the suite, on its own database and emulator. */
export default async function globalSetup() {
  // The suite's admin account, known to the tests through process.env.
  const admin = { email: "e2e-admin@cashline.test", password: `admin-${randomBytes(12).toString("hex")}` };
  process.env.E2E_ADMIN_EMAIL = admin.email;
  process.env.E2E_ADMIN_PASSWORD = admin.password;
  const database = await createServerDatabase("e2e", admin);
  // The suite signs up dozens of accounts from 127.0.0.1; abuse-limits.spec.ts checks the default.
  const server = await startAppServer("e2e", { ...database.env, SIGNUPS_PER_IP_PER_HOUR: "1000" });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_EMULATOR_URL = server.emulatorUrl;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
