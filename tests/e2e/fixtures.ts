import { test as base, expect } from "@playwright/test";
import { createServerDatabase, startAppServer, type AppServer, type ServerDatabase } from "../../support/servers";

/** Tests run against the server that global-setup started. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: run through `npm run test:e2e` so global-setup starts the server");
    await use(url);
  },
});

export { expect };

/**
 * A production server of the spec's own (its own database and emulator, started before its
 * tests, stopped after), for settings the suite's shared server does not have.
 */
export function ownServer(name: string, env: Record<string, string> = {}): { readonly url: string } {
  let database: ServerDatabase | undefined;
  let server: AppServer | undefined;
  base.beforeAll(async () => {
    base.setTimeout(120_000);
    database = await createServerDatabase(name);
    server = await startAppServer(name, { ...database.env, ...env });
  });
  base.afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });
  return {
    get url() {
      if (!server) throw new Error(`the ${name} server has not started`);
      return server.url;
    },
  };
}
