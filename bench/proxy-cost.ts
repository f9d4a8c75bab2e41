/**
 * `npx tsx bench/proxy-cost.ts`: what running proxy.ts costs a page. Starts the built app twice,
 * the second with /bench/static added to the proxy's matcher in the build's manifest (put back as
 * soon as it has started), and loads the force-static reference page /bench/static on each in turns
 * (ROUNDS each, alternating, so a busy machine weighs on both alike): median req/s and p50 with and
 * without the proxy. (The proxy runs on the signed-in areas only; on 2 busy cores, when it still ran
 * on every page, it cut /bench/static from 630 to 335 req/s.)
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServerDatabase, startAppServer, type AppServer, type ServerDatabase } from "../support/servers";
import { load, type Load } from "./measure";

const MANIFEST = ".next/server/functions-config-manifest.json";
const ROUNDS = Number(process.env.PROXY_COST_ROUNDS ?? 3);

async function start(name: string): Promise<{ server: AppServer; database: ServerDatabase }> {
  const database = await createServerDatabase(name, { email: `${name}@cashline.test`, password: `${name}-${Date.now()}-password` });
  return { server: await startAppServer(name, database.env), database };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (runs: Load[]) => ({ rps: median(runs.map((r) => r.rps)), p50_ms: median(runs.map((r) => r.p50_ms)), runs: runs.map((r) => r.rps) });

async function main() {
  // A run killed half-way left the changed manifest behind: put the build's own back first.
  if (existsSync(`${MANIFEST}.orig`)) copyFileSync(`${MANIFEST}.orig`, MANIFEST);
  const off = await start("proxy-off");
  let on: Awaited<ReturnType<typeof start>> | undefined;
  copyFileSync(MANIFEST, `${MANIFEST}.orig`);
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as { functions: Record<string, { matchers: { regexp: string; originalSource: string }[] }> };
    manifest.functions["/_middleware"].matchers.push({ regexp: "^/bench/static$", originalSource: "/bench/static" });
    writeFileSync(MANIFEST, JSON.stringify(manifest));
    on = await start("proxy-on");
  } finally {
    copyFileSync(`${MANIFEST}.orig`, MANIFEST);
    rmSync(`${MANIFEST}.orig`);
  }
  try {
    const withProxy: Load[] = [];
    const withoutProxy: Load[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      withProxy.push(await load(`${on!.server.url}/bench/static`));
      withoutProxy.push(await load(`${off.server.url}/bench/static`));
    }
    const a = summary(withProxy);
    const b = summary(withoutProxy);
    console.log(JSON.stringify({ withProxy: a, withoutProxy: b, ratio: Math.round((a.rps / b.rps) * 100) / 100 }));
  } finally {
    for (const s of [off, on]) {
      await s?.server.stop();
      await s?.database.drop();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
