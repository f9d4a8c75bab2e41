import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "@/support/ports";

const root = path.resolve(__dirname, "../..");

/**
 * Run `npm start` (tsx scripts/run.ts start) as an operator would, without NODE_ENV, and report
 * how it ended: it exited (code and output), or it came up and answered its health check.
 */
async function start(env: Record<string, string>): Promise<{ exited: true; code: number | null; output: string } | { exited: false; output: string }> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), STRIPE_EMULATOR_URL: `http://127.0.0.1:${await freePort()}`, ...env };
  for (const key of ["NODE_ENV", "AUTH_SECRET", "SESSION_SECRET", "STRIPE_SECRET_KEY", "TRUSTED_PROXIES"]) if (!(key in env)) delete childEnv[key];
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/run.ts", "start"], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const code = await Promise.race([exited, new Promise<"running">((r) => setTimeout(r, 200, "running"))]);
      if (code !== "running") return { exited: true, code, output };
      const up = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        () => true,
        () => false,
      );
      if (up) return { exited: false, output };
      if (Date.now() > deadline) throw new Error(`npm start neither exited nor came up in 60 s:\n${output}`);
    }
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

describe("npm start validates the environment as production (L6)", () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "cashline-run-"));
  // Port 1 on loopback: nothing listens, and the check must fail before any connection anyway.
  const DATABASE_URL = "postgres://postgres@127.0.0.1:1/cashline";

  it.each(["AUTH_SECRET", "SESSION_SECRET"])("exits non-zero naming %s when it is missing with DATABASE_URL", async (missing) => {
    const secret = "s".repeat(40);
    const env: Record<string, string> = { DATABASE_URL, DATA_DIR: dataDir(), AUTH_SECRET: secret, SESSION_SECRET: secret };
    delete env[missing];
    const result = await start(env);
    console.log(`L6: npm start without ${missing}:`, result.exited ? `exited with ${result.code}` : "stayed up and served requests");
    expect(result).toMatchObject({ exited: true, code: 1 });
    expect(result.output).toContain(`${missing}: is required in production with DATABASE_URL`);
  });
});
