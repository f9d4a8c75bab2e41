/**
 * `npm run bench`: issue 16's one-run table. Every figure beside its reference measured in the
 * same run, on this machine, with its ratio, target and pass/miss:
 *
 *  - Throughput (autocannon, a warm-up then a fixed short run each, bench/measure.ts): the catalog
 *    `/` and a product page vs a force-static page of about the same bytes from the same build
 *    (app/(bench)/bench/static); GET /api/v1/products, GET /api/v1/cart (with a cart cookie) and
 *    webhook intake (signed events POSTed to /api/v1/stripe/webhook, every accepted one checked
 *    processed through the admin API afterwards) vs a trivial route (GET /api/v1/bench/constant).
 *  - PaymentIntent creation through the app (POST /api/v1/checkout for a fresh cart) p50 vs the
 *    same create sent directly to the emulator; IVR card payment p99 at 50 concurrent calls vs the
 *    emulator's own PaymentMethod + confirmed PaymentIntent.
 *  - Catalog first-load JS vs a blank page of the same build (app/(bench)/bench/blank), in Chromium.
 *  - Lighthouse mobile on catalog, a product page and the cart (when /usr/bin/chromium exists).
 *  - RSS of the app server process idle (after start) and after the load.
 *  - Recovery after a crash (bench/recovery.ts, in a process of its own).
 *
 * Runs the production build (built first if missing) with its own emulator, on PGlite (or on a fresh
 * database of the server in DATABASE_URL). Writes bench/results.json and bench/RESULTS.md and
 * prints the table. A figure that misses its target says "miss".
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Stripe from "stripe";
import { CART_COOKIE_NAME } from "../lib/cart/cookie-name";
import { createServerDatabase, startAppServer } from "../support/servers";
import { chromiumPresent, CONNECTIONS, DURATION_S, firstLoadJs, lighthouse, load, rssOf, WARMUP_S, type Load } from "./measure";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
/** BENCH_SCALE=0 skips the scale rows (they seed a second database: 10k products, 100k orders). */
const SCALE = process.env.BENCH_SCALE !== "0";
/** Where the bench's checkouts ship (Oregon: no sales tax), with Standard shipping. */
const BENCH_ADDRESS = { name: "Bench Shopper", line1: "1 SW Main St", city: "Portland", state: "OR", postal_code: "97204", country: "US" };
/** Any of the app's cookies makes the page cache step aside, so the scale rows time real renders and queries. */
const BYPASS_PAGE_CACHE = { Cookie: `${CART_COOKIE_NAME}=bench-bypass` };
const SCALE_TARGETS = (productPath: string) => [
  ["catalog page `/` (rendered)", "/"],
  [`product page ${productPath} (rendered)`, productPath],
  ["GET /api/v1/products?q=kettle", "/api/v1/products?q=kettle"],
  ["GET /api/v1/products?page=2&per_page=24", "/api/v1/products?page=2&per_page=24"],
] as const;

/** p50 of sequential GETs of each target on one server, past the page cache. */
async function scaleP50s(base: string, productPath: string): Promise<number[]> {
  const out: number[] = [];
  for (const [, p] of SCALE_TARGETS(productPath)) {
    const samples = await time(ITERATIONS, async () => {
      const res = await fetch(`${base}${p}`, { headers: BYPASS_PAGE_CACHE });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    });
    out.push(stats(samples).median_ms);
  }
  return out;
}
const WARMUP = 5;
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);

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

/** One row of the table: a figure, its reference, the ratio (or difference) and the verdict. */
type Row = { figure: string; value: number | string; unit: string; reference: string; reference_value: number | string | null; ratio: number | string | null; target: string; status: "pass" | "miss" | "reported" | "not measured"; note?: string };
const round2 = (x: number) => Math.round(x * 100) / 100;
const rpsRow = (figure: string, a: Load, reference: string, b: Load, min: number, note?: string): Row => {
  const ratio = round2(a.rps / b.rps);
  return { figure, value: a.rps, unit: "req/s", reference, reference_value: b.rps, ratio, target: `≥ ${min}`, status: ratio >= min ? "pass" : "miss", note: note ?? `p50 ${a.p50_ms} ms vs ${b.p50_ms} ms; non-2xx ${a.non2xx}, errors ${a.errors}` };
};
const diffRow = (figure: string, a: number, reference: string, b: number, maxMs: number): Row => {
  const diff = round2(a - b);
  return { figure, value: a, unit: "ms", reference, reference_value: b, ratio: `${diff >= 0 ? "+" : ""}${diff} ms`, target: `≤ +${maxMs} ms`, status: diff <= maxMs ? "pass" : "miss" };
};

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build yet: running next build…");
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  }
  const admin = { email: "bench-admin@cashline.test", password: `bench-${Date.now()}-admin-password` };
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const database = await createServerDatabase("bench", admin);
  const server = await startAppServer("bench", { ...database.env, IVR_CARD_ATTEMPTS_PER_MINUTE: "10000", STRIPE_WEBHOOK_SECRET: webhookSecret });
  const rows: Row[] = [];
  const rss = () => rssOf(server.pid, "scripts/server.ts")?.rss_mb ?? null;
  const rssIdle = rss();
  try {
    const u = (p: string) => `${server.url}${p}`;
    const products = (await (await fetch(u("/api/v1/products"))).json()).data as { id: string; slug: string }[];
    const productPath = `/products/${products[0].slug}`;
    const bytes = async (p: string) => (await (await fetch(u(p))).arrayBuffer()).byteLength;
    const sizes = { catalog: await bytes("/"), product: await bytes(productPath), static: await bytes("/bench/static") };
    const emulator = new URL(server.emulatorUrl);
    const stripe = new Stripe("sk_test_bench", { host: emulator.hostname, port: Number(emulator.port), protocol: "http" });

    // ---- throughput, each against its reference in this run ----
    const staticPage = await load(u("/bench/static"));
    const catalog = await load(u("/"));
    const product = await load(u(productPath));
    // Loaded cookieless, as a visitor without a session or cart: lib/http/page-cache.ts answers them.
    const pageCache = async (p: string) => {
      const res = await fetch(u(p));
      await res.arrayBuffer();
      return res.headers.get("x-cashline-cache");
    };
    const served = { catalog: await pageCache("/"), product: await pageCache(productPath) };
    const constant = await load(u("/api/v1/bench/constant"));
    const productsApi = await load(u("/api/v1/products"));
    const add = await fetch(u("/api/v1/cart"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ product_id: products[0].id, quantity: 1 }) });
    const cartCookie = add.headers.get("set-cookie")!.split(";")[0];
    const cartApi = await load(u("/api/v1/cart"), { headers: { Cookie: cartCookie } });
    // Webhook intake: each request a new signed event of a type Cashline stores and marks processed.
    const eventType = `bench.intake.${randomBytes(3).toString("hex")}`;
    let n = 0;
    const webhook = await load(u("/api/v1/stripe/webhook"), {
      method: "POST",
      setupRequest: (req) => {
        const body = JSON.stringify({ id: `evt_bench_${eventType.slice(-6)}_${n++}`, object: "event", type: eventType, created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: `obj_bench_${n}`, object: "bench" } } });
        const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret });
        return { ...req, method: "POST", body, headers: { "Content-Type": "application/json", "Stripe-Signature": signature } };
      },
    });
    rows.push(
      rpsRow("catalog `/`", catalog, "force-static page /bench/static", staticPage, 0.8, `${sizes.catalog} B vs ${sizes.static} B; p50 ${catalog.p50_ms} ms vs ${staticPage.p50_ms} ms; page cache: ${served.catalog}`),
      rpsRow(`product page ${productPath}`, product, "force-static page /bench/static", staticPage, 0.8, `${sizes.product} B vs ${sizes.static} B; p50 ${product.p50_ms} ms vs ${staticPage.p50_ms} ms; page cache: ${served.product}`),
      rpsRow("GET /api/v1/products", productsApi, "trivial route /api/v1/bench/constant", constant, 0.7),
      rpsRow("GET /api/v1/cart (cookie)", cartApi, "trivial route /api/v1/bench/constant", constant, 0.5),
    );

    // ---- PaymentIntent creation: app vs emulator, p50 ----
    const appSamples = await time(
      ITERATIONS,
      async (cookie: string) => {
        const res = await fetch(u("/api/v1/checkout"), { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie }, body: JSON.stringify({ email: "bench@example.com", shipping_address: BENCH_ADDRESS, shipping_rate: "standard" }) });
        if (res.status !== 200) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
        await res.json();
      },
      async (i) => {
        // The first product each time: some seeded products have little or no stock, and each checkout reserves one.
        const res = await fetch(u("/api/v1/cart"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ product_id: products[0].id, quantity: 1 }) });
        if (res.status !== 200) throw new Error(`adding to a cart answered ${res.status}: ${await res.text()}`);
        return res.headers.get("set-cookie")!.split(";")[0];
      },
    );
    const direct = await time(ITERATIONS, async (_: void, i) => {
      await stripe.paymentIntents.create(
        { amount: 2200, currency: "usd", automatic_payment_methods: { enabled: true }, metadata: { order_id: `bench-${i}` } },
        { idempotencyKey: `bench-direct-${i}-${Date.now()}` },
      );
    });
    rows.push(diffRow("PaymentIntent via POST /api/v1/checkout, p50", stats(appSamples).median_ms, "emulator create, p50", stats(direct).median_ms, 10));

    // ---- IVR: 50 concurrent card payments (in waves) vs the emulator's confirm ----
    const token = (await (await fetch(u("/api/v1/auth/token"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(admin) })).json()).access as string;
    const keyRes = await fetch(u("/api/v1/admin/ivr-keys"), { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ name: "bench" }) });
    const ivrHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${(await keyRes.json()).data.key as string}` };
    const newTransaction = async () => {
      const res = await fetch(u("/api/v1/ivr/transactions"), { method: "POST", headers: ivrHeaders, body: JSON.stringify({ amount: 1234 }) });
      if (res.status !== 201) throw new Error(`IVR transaction answered ${res.status}: ${await res.text()}`);
      return (await res.json()).data.trans_id as string;
    };
    const ivrConcurrent: number[] = [];
    for (let wave = 0; wave < Math.max(2, Math.ceil(ITERATIONS / 20)); wave++) {
      const ids = await Promise.all(Array.from({ length: 50 }, newTransaction));
      await Promise.all(
        ids.map(async (id) => {
          const t0 = performance.now();
          const res = await fetch(u("/api/payment/"), { method: "POST", headers: ivrHeaders, body: JSON.stringify({ cc_num: "4242424242424242", cvv: "123", exp_date: "1230", trans_id: id }) });
          if (res.status !== 200) throw new Error(`IVR payment answered ${res.status}: ${await res.text()}`);
          await res.json();
          if (wave > 0) ivrConcurrent.push(performance.now() - t0); // wave 0 warms up
        }),
      );
    }
    const emulatorConfirm: number[] = [];
    for (let wave = 0; wave < Math.max(2, Math.ceil(ITERATIONS / 20)); wave++) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const t0 = performance.now();
          const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2030, cvc: "123" } });
          await stripe.paymentIntents.create(
            { amount: 1234, currency: "usd", payment_method: pm.id, confirm: true, off_session: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } },
            { idempotencyKey: `bench-ivr-direct-${wave}-${i}-${Date.now()}` },
          );
          if (wave > 0) emulatorConfirm.push(performance.now() - t0);
        }),
      );
    }
    rows.push(diffRow("IVR payment POST /api/payment/ at 50 concurrent, p99", stats(ivrConcurrent).p99_ms, "emulator PaymentMethod + confirm at 50 concurrent, p99", stats(emulatorConfirm).p99_ms, 50));

    // ---- every accepted webhook event processed (the worker drains the backlog; bounded wait) ----
    const adminGet = async (q: string) => (await (await fetch(u(`/api/v1/admin/webhook-events?type=${eventType}&limit=200&${q}`), { headers: { Authorization: `Bearer ${token}` } })).json()) as { data: unknown[]; next_cursor: string | null };
    const countProcessed = async () => {
      let count = 0;
      let cursor: string | null = "";
      while (cursor !== null) {
        const page = await adminGet(`status=processed${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        count += page.data.length;
        cursor = page.next_cursor;
      }
      return count;
    };
    const accepted = webhook.ok; // the measured run's 2xx (the warm-up's events are processed too, and counted)
    const drainDeadline = Date.now() + 120_000;
    let pending = (await adminGet("status=received")).data.length + (await adminGet("status=failed")).data.length;
    while (pending > 0 && Date.now() < drainDeadline) {
      await new Promise((r) => setTimeout(r, 500)); // polling the queue's drain, not synchronising a test
      pending = (await adminGet("status=received")).data.length + (await adminGet("status=failed")).data.length;
    }
    const processed = await countProcessed();
    const dead = (await adminGet("status=dead")).data.length;
    const intake = rpsRow("webhook intake POST /api/v1/stripe/webhook", webhook, "trivial route /api/v1/bench/constant", constant, 0.5);
    const allProcessed = pending === 0 && dead === 0 && processed >= accepted;
    rows.push({ ...intake, target: "≥ 0.5, every accepted event processed", status: intake.status === "pass" && allProcessed ? "pass" : "miss", note: `${accepted} accepted in the measured run, ${processed} processed (warm-up included), ${pending} pending, ${dead} dead; non-2xx ${webhook.non2xx}` });

    const rssAfter = rss();

    // ---- first-load JS and Lighthouse (Chromium) ----
    if (chromiumPresent()) {
      const catalogJs = await firstLoadJs(u("/"));
      const blankJs = await firstLoadJs(u("/bench/blank"));
      const ratio = round2(catalogJs / blankJs);
      rows.push({ figure: "catalog first-load JS", value: catalogJs, unit: "B", reference: "blank page /bench/blank", reference_value: blankJs, ratio, target: "≤ 1.15", status: ratio <= 1.15 ? "pass" : "miss" });
      for (const [label, p] of [["catalog", "/"], ["product", productPath], ["cart", "/cart"]] as const) {
        const scores = lighthouse(u(p), LIGHTHOUSE_RUNS);
        const pass = scores.performance >= 95 && scores.accessibility === 100 && scores["best-practices"] === 100 && scores.seo === 100;
        rows.push({ figure: `Lighthouse mobile, ${label} ${p}`, value: `${scores.performance} / ${scores.accessibility} / ${scores["best-practices"]} / ${scores.seo}`, unit: "perf / a11y / BP / SEO", reference: "—", reference_value: null, ratio: null, target: "≥ 95 / 100 / 100 / 100", status: pass ? "pass" : "miss", note: `median of ${LIGHTHOUSE_RUNS}${scores.failing.length ? `; audits failed in a run: ${scores.failing.join(", ")}` : ""}` });
      }
    } else {
      const reason = "skipped: /usr/bin/chromium not found";
      rows.push({ figure: "catalog first-load JS", value: reason, unit: "", reference: "blank page /bench/blank", reference_value: null, ratio: null, target: "≤ 1.15", status: "not measured" });
      rows.push({ figure: "Lighthouse mobile (catalog, product, cart)", value: reason, unit: "", reference: "—", reference_value: null, ratio: null, target: "≥ 95 / 100 / 100 / 100", status: "not measured" });
      console.log(`Lighthouse and first-load JS ${reason}`);
    }
    if (SCALE) {
      // The same build on a second database seeded at scale (npm run db:seed -- --scale), each
      // target timed on both servers in this run.
      const small = await scaleP50s(server.url, productPath);
      const scaleDb = await createServerDatabase("bench-scale");
      console.log("Seeding the scale database (10,000 products, 5,000 users, 100,000 orders, 20,000 webhook events)…");
      const seeded = performance.now();
      execFileSync(process.execPath, ["--import", "tsx", "scripts/db-seed.ts", "--scale"], { stdio: "inherit", env: { ...process.env, ...scaleDb.env } });
      const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10;
      const scaleServer = await startAppServer("bench-scale", { ...scaleDb.env });
      try {
        const big = await scaleP50s(scaleServer.url, productPath);
        SCALE_TARGETS(productPath).forEach(([figure], i) => {
          const ratio = round2(big[i] / small[i]);
          rows.push({ figure: `${figure} p50 at 10k products / 100k orders`, value: big[i], unit: "ms", reference: "the same on 12 products / the bench's few orders", reference_value: small[i], ratio, target: "≤ 1.5×", status: ratio <= 1.5 ? "pass" : "miss", note: `scale seed ${seedSeconds} s` });
        });
      } finally {
        await scaleServer.stop();
        await scaleDb.drop();
      }
    } else {
      rows.push({ figure: "page and API p50 with 10k products / 100k orders", value: "skipped: BENCH_SCALE=0", unit: "", reference: "12 products / 0 orders", reference_value: null, ratio: null, target: "≤ 1.5×", status: "not measured" });
    }
    rows.push({ figure: "RSS of the app server (scripts/server.ts)", value: `${rssIdle ?? "?"} MB idle → ${rssAfter ?? "?"} MB after the load`, unit: "MB", reference: "—", reference_value: null, ratio: null, target: "reported", status: "reported" });
  } finally {
    await server.stop();
    await database.drop();
    rmSync(path.join(".test-data", "logs", "bench.log"), { force: true });
  }
  // After the server has stopped, so that it does not compete; on its own database.
  const recovery = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("bench", "recovery.ts")], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (recovery.status !== 0) throw new Error("bench/recovery.ts failed");
  const recoveryLines = recovery.stdout.trim().split("\n");

  const database_ = process.env.DATABASE_URL ? "postgres" : "pglite";
  const results = {
    machine: { node: process.version, cpus: (await import("node:os")).cpus().length, platform: process.platform },
    database: database_,
    load: { connections: CONNECTIONS, duration_s: DURATION_S, warmup_s: WARMUP_S, iterations: ITERATIONS, lighthouse_runs: LIGHTHOUSE_RUNS },
    measured_at: new Date().toISOString(),
    results: rows,
    recovery: JSON.parse(recoveryLines.at(-1)!),
  };
  const table = [
    `# Cashline bench — ${results.measured_at}, ${database_}, Node ${process.version}, ${results.machine.cpus} CPUs`,
    "",
    `Throughput: autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s, 2xx req/s; latency figures: ${ITERATIONS} iterations (IVR in waves of 50); Lighthouse: median of ${LIGHTHOUSE_RUNS}. Every reference measured in this run.`,
    "",
    "| figure | value | reference | reference value | ratio | target | status | note |",
    "| --- | ---: | --- | ---: | ---: | --- | --- | --- |",
    ...rows.map((r) => `| ${r.figure} | ${r.value}${r.unit && typeof r.value === "number" ? ` ${r.unit}` : ""} | ${r.reference} | ${r.reference_value ?? ""}${r.unit && typeof r.reference_value === "number" ? ` ${r.unit}` : ""} | ${r.ratio ?? ""} | ${r.target} | ${r.status} | ${r.note ?? ""} |`),
    "",
    "Recovery (bench/recovery.ts):",
    "",
    ...recoveryLines.slice(0, -1),
    "",
  ].join("\n");
  mkdirSync("bench", { recursive: true });
  writeFileSync(path.join("bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(path.join("bench", "RESULTS.md"), table);
  console.log(`\n${table}\nWritten to bench/results.json and bench/RESULTS.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
