/**
 * `npx tsx bench/profile.ts [path|webhook|cart]`: where a hot path's time goes. Starts the production build
 * with a CPU profiler (bench/probes/cpu-profile-hook.mjs; NODE_OPTIONS refuses --cpu-prof) (own emulator, fresh PGlite or DATABASE_URL database), loads `path`
 * (default `/`) with autocannon as bench/run.ts does — `webhook`: signed events POSTed to
 * /api/v1/stripe/webhook, `cart`: GET /api/v1/cart with a cart cookie, as in bench/run.ts — stops
 * the server and prints the app server process's top functions by self time (and by inclusive
 * time), and by package/file, from its .cpuprofile.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { createServerDatabase, startAppServer } from "../support/servers";
import { load, rssOf } from "./measure";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };

async function main() {
  const target = process.argv[2] ?? "/";
  const dir = path.resolve(".test-data", "cpu-prof");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const database = await createServerDatabase("bench-profile");
  const hook = path.resolve("bench", "probes", "cpu-profile-hook.mjs");
  const secret = `whsec_${randomBytes(24).toString("hex")}`;
  const server = await startAppServer("bench-profile", { ...database.env, STRIPE_WEBHOOK_SECRET: secret, NODE_OPTIONS: `--import ${hook}`, CPU_PROFILE_DIR: dir });
  let result;
  try {
    const u = (p: string) => `${server.url}${p}`;
    let url = u(target);
    let opts: Parameters<typeof load>[1] = {};
    if (target === "cart") {
      const products = (await (await fetch(u("/api/v1/products"))).json()).data as { id: string }[];
      const add = await fetch(u("/api/v1/cart"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ product_id: products[0].id, quantity: 1 }) });
      url = u("/api/v1/cart");
      opts = { headers: { Cookie: add.headers.get("set-cookie")!.split(";")[0] } };
    } else if (target === "webhook") {
      const stripe = new Stripe("sk_test_bench");
      const type = `bench.intake.${randomBytes(3).toString("hex")}`;
      let n = 0;
      url = u("/api/v1/stripe/webhook");
      opts = {
        method: "POST",
        setupRequest: (req) => {
          const body = JSON.stringify({ id: `evt_bench_${type.slice(-6)}_${n++}`, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: `obj_bench_${n}`, object: "bench" } } });
          return { ...req, method: "POST", body, headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret }) } };
        },
      };
    }
    await fetch(target === "webhook" || target === "cart" ? u("/api/v1/bench/constant") : url); // module loading outside the profile
    process.kill(rssOf(server.pid, "scripts/server.ts")!.pid, "SIGUSR2");
    result = await load(url, opts);
  } finally {
    await server.stop();
    await database.drop();
  }
  console.log(`${target}: ${result.rps} req/s, p50 ${result.p50_ms} ms`);
  const profile = JSON.parse(readFileSync(path.join(dir, "server.cpuprofile"), "utf8")) as { nodes: Node[] };
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byFnInclusive = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<number, number>();
  const inclusiveOf = (id: number): number => {
    let v = inclusive.get(id);
    if (v === undefined) {
      const n = nodes.get(id)!;
      v = (n.hitCount ?? 0) + (n.children ?? []).reduce((a, c) => a + inclusiveOf(c), 0);
      inclusive.set(id, v);
    }
    return v;
  };
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    const file = n.callFrame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "") || "(native)";
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/dist\/(?:compiled\/)?[^/]+)?/.exec(file);
    const key = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    byFnInclusive.set(key, (byFnInclusive.get(key) ?? 0) + inclusiveOf(n.id));
    const group = pkg ? pkg[1] + (pkg[2] ?? "") : file.startsWith(".next/") ? ".next (app bundle)" : file;
    byFile.set(group, (byFile.get(group) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, h]) => `${((h / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  console.log("\nSelf time by package / file:\n" + top(byFile, 15).join("\n"));
  console.log("\nSelf time by function:\n" + top(byFn, 25).join("\n"));
  console.log("\nInclusive time by function (recursion counted once per frame):\n" + top(byFnInclusive, 40).join("\n"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
