/**
 * `npm run dev` / `npm start`: start the Next.js server (scripts/server.ts, which hands the
 * app each request's socket address), and in front of it, when no STRIPE_SECRET_KEY is set, the
 * local Stripe emulator wired to deliver webhooks to the app. Both stop together.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { EnvError, parseEnv } from "../lib/env";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start");
  process.exit(2);
}

// Validate the configuration as the mode that will run: `start` serves the production build, so
// production's rules apply (AUTH_SECRET and SESSION_SECRET with DATABASE_URL), whatever NODE_ENV
// the shell had.
const nodeEnv = mode === "start" ? "production" : "development";

async function main() {
  let config;
  try {
    config = parseEnv({ ...process.env, NODE_ENV: nodeEnv });
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  if (mode === "start" && !existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("No production build found: run `npm run build` before `npm start`.");
    process.exit(1);
  }

  // Cashline runs offline: Next's telemetry would only try to reach the network.
  const childEnv: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, NODE_ENV: nodeEnv, PORT: String(config.PORT) };
  let stopEmulator: (() => Promise<void>) | undefined;

  if (config.stripeEmulated) {
    const { startEmulator } = await import("../emulator/server");
    const emulatorUrl = new URL(config.STRIPE_EMULATOR_URL);
    const webhookSecret = config.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString("hex")}`;
    const emulator = await startEmulator({
      host: emulatorUrl.hostname,
      port: Number(emulatorUrl.port || 80),
      dataFile: path.join(config.DATA_DIR, "stripe-emulator.json"),
      webhookUrl: `http://127.0.0.1:${config.PORT}/api/v1/stripe/webhook`,
      webhookSecret,
      quiet: true,
    });
    stopEmulator = emulator.close;
    childEnv.STRIPE_EMULATOR_URL = emulator.url;
    childEnv.STRIPE_WEBHOOK_SECRET = webhookSecret;
    console.log(`Stripe emulator on ${emulator.url} (no Stripe account needed)`);
  }

  // Next.js behind scripts/server.ts (the request guard and the client's socket address).
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "server.ts"), mode], { stdio: "inherit", env: childEnv });

  // Signals go to the Next server first; once it has exited (and flushed its database) the
  // emulator is closed and this process exits with the server's code.
  const shutdown = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, shutdown);
  child.on("exit", async (code, signal) => {
    await stopEmulator?.().catch(() => {});
    process.exit(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
