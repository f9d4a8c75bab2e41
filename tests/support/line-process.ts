import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * A TypeScript script of tests/support/ in a Node process of its own (the production lib/ code,
 * `--conditions=react-server` as in the app), talking by lines: what it prints is collected, what
 * the test sends is written to its stdin. For tests of several processes on one database.
 */
export type LineProcess = {
  lines: string[];
  /** Resolves with the first printed line matching `re` (already printed counts), or fails naming `what`. */
  waitFor(re: RegExp, what: string, timeoutMs?: number): Promise<string>;
  /** Writes one line to the process's stdin. */
  send(line: string): void;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export function startLineProcess(script: string, env: Record<string, string>): LineProcess {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("tests", "support", script)], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const w of waiters) w();
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return {
    lines,
    waitFor: (re, what, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; ${script} stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    send: (line) => void child.stdin!.write(`${line}\n`),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
