// Servers and databases for whole-app runs, shared by the e2e suite (tests/e2e) and the bench (bench/run.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "../db/client";
import { seedCatalog } from "../db/seed";
import { ensureAdminUser } from "../lib/auth/admin-bootstrap";
import { freePort } from "./ports";
import { createScratchDatabase } from "./postgres";

export { freePort };

const root = path.resolve(__dirname, "..");
export const testDataRoot = path.join(root, ".test-data");

export type AppServer = { url: string; emulatorUrl: string; logFile: string; pid: number; stop(): Promise<void> };

/**
 * Start the production build (`npm start` = scripts/run.ts start) with its own emulator on free
 * ports, and wait until it answers its health check (any status: a server pointed at a dead
 * database is still "up").
 */
export async function startAppServer(name: string, env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const emulatorPort = await freePort();
  const logDir = path.join(testDataRoot, "logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/run.ts", "start"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      STRIPE_EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 250, undefined))]);
    if (early !== undefined) throw new Error(`${name} server exited with ${early} before it was ready; see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} server did not become ready in 90 s; see ${logFile}`);
    }
  }
  return {
    url,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    logFile,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      log.end();
    },
  };
}

export type ServerDatabase = { env: Record<string, string>; drop(): Promise<void> };
export type AdminCredentials = { email: string; password: string };

/**
 * The database an E2E server runs on: a new PGlite folder by default; with DATABASE_URL, a new
 * database on that server, migrated and seeded here (as `npm run db:migrate && npm run db:seed`).
 * With `adminAccount`, that admin exists: created at first boot from ADMIN_EMAIL/ADMIN_PASSWORD
 * on PGlite, or here (as `npm run admin:create`) on a server.
 */
export async function createServerDatabase(name: string, adminAccount?: AdminCredentials): Promise<ServerDatabase> {
  const dataDir = path.join(testDataRoot, `${name}-${randomBytes(4).toString("hex")}`);
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ...(adminAccount ? { ADMIN_EMAIL: adminAccount.email, ADMIN_PASSWORD: adminAccount.password } : {}),
  };
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // PGlite creates its own folder but not missing parents.
    mkdirSync(dataDir, { recursive: true });
    return { env: { ...secrets, DATA_DIR: dataDir, PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" }, drop: async () => {} };
  }
  const scratch = await createScratchDatabase(serverUrl, "cashline_e2e");
  const handle = openDatabase({ kind: "postgres", url: scratch.url });
  await handle.migrate();
  await seedCatalog(handle.db, { currency: "usd" });
  if (adminAccount) await ensureAdminUser({ ...adminAccount, log: () => {} }, handle.db);
  await handle.close();
  return {
    env: { ...secrets, DATA_DIR: dataDir, DATABASE_URL: scratch.url },
    drop: scratch.drop,
  };
}
