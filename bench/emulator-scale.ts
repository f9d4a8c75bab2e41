/**
 * `npx tsx bench/emulator-scale.ts`: does the emulator's cost stay bounded as its state grows?
 *
 * Starts the emulator as a process of its own, with the Node flags `npm run emulator` uses
 * (package.json; `--optimize-for-size`) on `emulator/cli.ts` (or the copy in EMULATOR_DIR to
 * measure another version), then through the official SDK (default settings, so every POST carries
 * an idempotency key):
 *   1. p50/p95 of a PaymentIntent create + confirm pair on an empty emulator (after 1,000 warm-up
 *      pairs and a reset, so the JIT is warm and the state empty);
 *   2. populates it to N PaymentIntents (each created and confirmed with `pm_card_visa` in one
 *      call: PaymentIntent, PaymentMethod, Charge, three events, an idempotency key), with
 *      CONCURRENCY requests in flight;
 *   3. the create + confirm p50/p95 again, `list(limit=1)` of an empty type (subscriptions) and of
 *      a filtered list (charges of one PaymentIntent), the emulator's RSS and, with BENCH_DATA=1,
 *      the size of its data file.
 *
 * Env: BENCH_N (default 50000), BENCH_SAMPLES (200), BENCH_CONCURRENCY (32), BENCH_DATA=1 (persist
 * to a data file in a temp dir), EMULATOR_DIR (default ./emulator). Not part of CI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Stripe from "stripe";

const N = Number(process.env.BENCH_N ?? 50_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const EMULATOR_DIR = path.resolve(process.env.EMULATOR_DIR ?? "emulator");
/** The Node flags of `npm run emulator` (`node <flags> --import tsx emulator/cli.ts`), so the bench runs it as users do. */
const NODE_FLAGS = (() => {
  const script: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.emulator;
  const m = /^node ((?:--[\w-]+(?:=\S+)? )*)--import tsx emulator\/cli\.ts$/.exec(script);
  if (!m) throw new Error(`package.json's "emulator" script is not "node [flags] --import tsx emulator/cli.ts": ${script}`);
  return m[1].split(" ").filter(Boolean);
})();

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startEmulatorProcess(dataFile?: string): Promise<{ child: ChildProcess; url: string }> {
  const args = [...NODE_FLAGS, "--import", "tsx", path.join(EMULATOR_DIR, "cli.ts"), "--port", "0", "--quiet", ...(dataFile ? ["--data", dataFile] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before listening: ${out}`)));
  });
  return { child, url };
}

async function pair(stripe: Stripe): Promise<void> {
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "usd", automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
}

async function timePairs(stripe: Stripe, n: number): Promise<number[]> {
  for (let i = 0; i < 10; i++) await pair(stripe);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await pair(stripe);
    out.push(performance.now() - t0);
  }
  return out;
}

async function timeCalls(n: number, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await call();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    out.push(performance.now() - t0);
  }
  return out;
}

async function populate(stripe: Stripe, target: number, already: number): Promise<void> {
  let next = already;
  let done = already;
  const started = performance.now();
  let lastReport = started;
  async function worker() {
    while (next < target) {
      next++;
      await stripe.paymentIntents.create({ amount: 1000 + (next % 5000), currency: "usd", automatic_payment_methods: { enabled: true, allow_redirects: "never" }, payment_method: "pm_card_visa", confirm: true });
      done++;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(`  … ${done} PaymentIntents (${Math.round((lastReport - started) / 1000)} s)`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`  populated ${target} PaymentIntents in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "emulator-scale-"));
  const dataFile = process.env.BENCH_DATA === "1" ? path.join(dir, "state.json") : undefined;
  const { child, url } = await startEmulatorProcess(dataFile);
  const u = new URL(url);
  const stripe = new Stripe("sk_test_bench", { host: u.hostname, port: Number(u.port), protocol: "http" });
  try {
    console.log(`emulator ${EMULATOR_DIR} at ${url}${dataFile ? ` (data file ${dataFile})` : " (in memory)"}; N=${N}`);
    const rssStart = rssMb(child.pid!);
    // Warm the JIT first, then empty the store: "at 0" is then a warm process with no state, not a cold one.
    for (let i = 0; i < 1000; i++) await pair(stripe);
    const reset = await fetch(new URL("/_emulator/reset", url), { method: "POST" });
    if (!reset.ok) throw new Error(`reset: ${reset.status}`);
    const atZero = await timePairs(stripe, SAMPLES);
    const emptyAtZero = await timeCalls(50, () => stripe.subscriptions.list({ limit: 1 }));
    const count = SAMPLES + 10;
    await populate(stripe, N, count);
    const atN = await timePairs(stripe, SAMPLES);
    const emptyAtN = await timeCalls(50, () => stripe.subscriptions.list({ limit: 1 }));
    const somePi = (await stripe.paymentIntents.list({ limit: 1 })).data[0].id;
    const filteredAtN = await timeCalls(50, () => stripe.charges.list({ payment_intent: somePi, limit: 1 }));
    const missingTypeAtN = await timeCalls(20, () => stripe.events.list({ type: "invoice.paid", limit: 1 }));
    const rows: [string, string][] = [
      ["create+confirm p50 at 0 (ms)", String(percentile(atZero, 0.5))],
      ["create+confirm p95 at 0 (ms)", String(percentile(atZero, 0.95))],
      [`create+confirm p50 at ${N} (ms)`, String(percentile(atN, 0.5))],
      [`create+confirm p95 at ${N} (ms)`, String(percentile(atN, 0.95))],
      ["ratio p50 N/0", (percentile(atN, 0.5) / percentile(atZero, 0.5)).toFixed(2)],
      ["subscriptions.list(limit=1) p50 at 0 (ms)", String(percentile(emptyAtZero, 0.5))],
      [`subscriptions.list(limit=1) p50 at ${N} (ms)`, String(percentile(emptyAtN, 0.5))],
      [`charges.list(payment_intent, limit=1) p50 at ${N} (ms)`, String(percentile(filteredAtN, 0.5))],
      [`events.list(type=invoice.paid, limit=1) p50 at ${N} (ms)`, String(percentile(missingTypeAtN, 0.5))],
      ["RSS at start (MB)", String(rssStart)],
      [`RSS at ${N} (MB)`, String(rssMb(child.pid!))],
    ];
    if (dataFile) {
      await new Promise((r) => setTimeout(r, 500));
      rows.push([`data file at ${N} (MB)`, (statSync(dataFile).size / 1024 / 1024).toFixed(1)]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
