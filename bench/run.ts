/**
 * `npm run bench`: measure, in one run and on this machine, each figure beside its reference.
 *
 *  - PaymentIntent creation through the app (POST /api/v1/checkout for a fresh cart: pricing,
 *    order + snapshot rows, the SDK call) vs the same create sent directly to the emulator with
 *    the SDK — the difference is Cashline's own cost.
 *  - Catalog page and catalog API vs a static file from the same server.
 *  - An IVR card payment (seed 000's POST /api/payment/, key auth, one PaymentIntent confirmed at
 *    once) at 1 and at 50 concurrent calls vs the emulator's own card PaymentMethod + confirmed
 *    PaymentIntent sent directly with the SDK.
 *  - Recovery after a crash (bench/recovery.ts, in a process of its own): backlog drain time and
 *    time to retry a job lost with its worker.
 *
 * Runs the production build (built first if missing) with its own emulator, on PGlite (or on a fresh
 * database of the server in DATABASE_URL), so it needs no setup. Writes bench/results.json and
 * prints a table.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Stripe from "stripe";
import { createServerDatabase, startAppServer } from "../support/servers";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WARMUP = 5;

type Stats = { median_ms: number; p95_ms: number; p99_ms: number; mean_ms: number; n: number };

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { median_ms: round(at(0.5)), p95_ms: round(at(0.95)), p99_ms: round(at(0.99)), mean_ms: round(samples.reduce((a, b) => a + b, 0) / samples.length), n: samples.length };
}

/** Run `timed` n times after a warm-up; `prepare` runs before each call, outside the clock. */
async function time<P>(n: number, timed: (prepared: P, i: number) => Promise<void>, prepare?: (i: number) => Promise<P>): Promise<number[]> {
  const out: number[] = [];
  for (let i = -WARMUP; i < n; i++) {
    const prepared = (prepare ? await prepare(i) : undefined) as P;
    const t0 = performance.now();
    await timed(prepared, i);
    if (i >= 0) out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build yet: running next build…");
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  }
  const admin = { email: "bench-admin@cashline.test", password: `bench-${Date.now()}-admin-password` };
  const database = await createServerDatabase("bench", admin);
  const server = await startAppServer("bench", { ...database.env, IVR_CARD_ATTEMPTS_PER_MINUTE: "100000" });
  try {
    const products = (await (await fetch(`${server.url}/api/v1/products`)).json()).data as { id: string }[];
    const emulator = new URL(server.emulatorUrl);
    const stripe = new Stripe("sk_test_bench", { host: emulator.hostname, port: Number(emulator.port), protocol: "http" });

    // Each iteration: a fresh guest cart (its own cookie), prepared outside the clock.
    const appSamples = await time(
      ITERATIONS,
      async (cookie: string) => {
        const res = await fetch(`${server.url}/api/v1/checkout`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Cookie: cookie },
          body: JSON.stringify({ email: "bench@example.com" }),
        });
        if (res.status !== 200) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
        await res.json();
      },
      async (i) => {
        const add = await fetch(`${server.url}/api/v1/cart`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ product_id: products[Math.abs(i) % products.length].id, quantity: 1 }),
        });
        return add.headers.get("set-cookie")!.split(";")[0];
      },
    );

    const direct = await time(ITERATIONS, async (_: void, i) => {
      await stripe.paymentIntents.create(
        { amount: 2200, currency: "usd", automatic_payment_methods: { enabled: true }, metadata: { order_id: `bench-${i}` } },
        { idempotencyKey: `bench-direct-${i}-${Date.now()}` },
      );
    });

    const get = (p: string) => async () => {
      const res = await fetch(`${server.url}${p}`);
      if (!res.ok) throw new Error(`${p} answered ${res.status}`);
      await res.arrayBuffer();
    };
    const catalogPage = await time(ITERATIONS, get("/"));
    const catalogApi = await time(ITERATIONS, get("/api/v1/products"));
    const staticFile = await time(ITERATIONS, get("/products/stoneware-mug.svg"));

    // IVR: an admin's key; each call pays a transaction created beforehand, outside the clock.
    const token = (await (await fetch(`${server.url}/api/v1/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(admin) })).json()).access;
    const keyRes = await fetch(`${server.url}/api/v1/admin/ivr-keys`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ name: "bench" }) });
    const ivrKey = (await keyRes.json()).data.key as string;
    const ivrHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${ivrKey}` };
    const newTransaction = async () => {
      const res = await fetch(`${server.url}/api/v1/ivr/transactions`, { method: "POST", headers: ivrHeaders, body: JSON.stringify({ amount: 1234 }) });
      if (res.status !== 201) throw new Error(`IVR transaction answered ${res.status}: ${await res.text()}`);
      return (await res.json()).data.trans_id as string;
    };
    const payByPhone = async (transId: string) => {
      const res = await fetch(`${server.url}/api/payment/`, {
        method: "POST",
        headers: ivrHeaders,
        body: JSON.stringify({ cc_num: "4242424242424242", cvv: "123", exp_date: "1230", trans_id: transId }),
      });
      if (res.status !== 200) throw new Error(`IVR payment answered ${res.status}: ${await res.text()}`);
      await res.json();
    };
    const ivrSingle = await time(ITERATIONS, payByPhone, newTransaction);
    // 50 at once, in waves: each call's own latency. (The per-key attempt limit is 60 a minute;
    // the bench server allows more.)
    const ivrConcurrent: number[] = [];
    for (let wave = 0; wave < Math.max(2, Math.ceil(ITERATIONS / 25)); wave++) {
      const ids = await Promise.all(Array.from({ length: 50 }, newTransaction));
      await Promise.all(
        ids.map(async (id) => {
          const t0 = performance.now();
          await payByPhone(id);
          ivrConcurrent.push(performance.now() - t0);
        }),
      );
    }
    const emulatorConfirm = await time(ITERATIONS, async (_: void, i) => {
      const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2030, cvc: "123" } });
      await stripe.paymentIntents.create(
        { amount: 1234, currency: "usd", payment_method: pm.id, confirm: true, off_session: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } },
        { idempotencyKey: `bench-ivr-direct-${i}-${Date.now()}` },
      );
    });

    const rows = [
      { name: "PaymentIntent via app (POST /api/v1/checkout)", ...stats(appSamples), reference: "PaymentIntent direct to emulator", ref: stats(direct) },
      { name: "Catalog page (GET /)", ...stats(catalogPage), reference: "static file (GET /products/*.svg)", ref: stats(staticFile) },
      { name: "Catalog API (GET /api/v1/products)", ...stats(catalogApi), reference: "static file (GET /products/*.svg)", ref: stats(staticFile) },
      { name: "IVR payment, 1 at a time (POST /api/payment/)", ...stats(ivrSingle), reference: "card PaymentMethod + confirmed PaymentIntent direct to emulator", ref: stats(emulatorConfirm) },
      { name: "IVR payment, 50 concurrent (POST /api/payment/)", ...stats(ivrConcurrent), reference: "card PaymentMethod + confirmed PaymentIntent direct to emulator", ref: stats(emulatorConfirm) },
    ];
    const results = {
      machine: { node: process.version, cpus: (await import("node:os")).cpus().length, platform: process.platform },
      iterations: ITERATIONS,
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
      measured_at: new Date().toISOString(),
      results: rows.map((r) => ({
        name: r.name,
        median_ms: r.median_ms,
        p95_ms: r.p95_ms,
        p99_ms: r.p99_ms,
        reference: r.reference,
        reference_median_ms: r.ref.median_ms,
        reference_p95_ms: r.ref.p95_ms,
        ratio_of_medians: Math.round((r.median_ms / r.ref.median_ms) * 100) / 100,
      })),
    };
    mkdirSync("bench", { recursive: true });
    writeFileSync(path.join("bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
    console.log(`\n${ITERATIONS} iterations each, medians (p95) in ms, same run, same machine:\n`);
    console.log("| measurement | median | p95 | p99 | reference | ref median | ref p95 | ratio |");
    console.log("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    for (const r of results.results) {
      console.log(`| ${r.name} | ${r.median_ms} | ${r.p95_ms} | ${r.p99_ms} | ${r.reference} | ${r.reference_median_ms} | ${r.reference_p95_ms} | ${r.ratio_of_medians}× |`);
    }
    console.log("\nWritten to bench/results.json");
  } finally {
    await server.stop();
    await database.drop();
    rmSync(path.join(".test-data", "logs", "bench.log"), { force: true });
  }
  // After the server has stopped, so that it does not compete; on its own database.
  const recovery = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("bench", "recovery.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(recovery.stdout.split("\n").slice(0, -2).join("\n") + "\n");
  if (recovery.status !== 0) throw new Error("bench/recovery.ts failed");
  const file = path.join("bench", "results.json");
  const results = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...results, recovery: JSON.parse(recovery.stdout.trim().split("\n").at(-1)!) }, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
