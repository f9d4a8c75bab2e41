import { createServerDatabase, startAppServer } from "./support/servers";

/** One production server for the suite, on its own database and emulator. */
export default async function globalSetup() {
  const database = await createServerDatabase("e2e");
  const server = await startAppServer("e2e", database.env);
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_EMULATOR_URL = server.emulatorUrl;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
