/**
 * `npx tsx bench/proxy-cost.ts`: what proxy.ts costs a page. Serves the built app twice, the second
 * time with /bench/ taken out of the proxy's matcher in the build's manifest (put back afterwards),
 * and loads the force-static reference page /bench/static on each: req/s with and without the proxy.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServerDatabase, startAppServer } from "../support/servers";
import { load } from "./measure";

const MANIFEST = ".next/server/functions-config-manifest.json";

async function measure(name: string) {
  const database = await createServerDatabase(name, { email: `${name}@cashline.test`, password: `${name}-${Date.now()}-password` });
  const server = await startAppServer(name, database.env);
  try {
    const proxied = (await fetch(`${server.url}/bench/static`)).headers.has("content-security-policy");
    const page = await load(`${server.url}/bench/static`);
    const constant = await load(`${server.url}/api/v1/bench/constant`);
    return { proxied, rps: page.rps, p50_ms: page.p50_ms, constant_rps: constant.rps };
  } finally {
    await server.stop();
    await database.drop();
  }
}

async function main() {
  // A run killed half-way left the changed manifest behind: put the build's own back first.
  if (existsSync(`${MANIFEST}.orig`)) copyFileSync(`${MANIFEST}.orig`, MANIFEST);
  const withProxy = await measure("proxy-on");
  copyFileSync(MANIFEST, `${MANIFEST}.orig`);
  try {
    writeFileSync(MANIFEST, readFileSync(MANIFEST, "utf8").replace("(?!_next\\\\/static", "(?!bench\\\\/|_next\\\\/static"));
    if (!readFileSync(MANIFEST, "utf8").includes("bench")) throw new Error("matcher not changed");
    const withoutProxy = await measure("proxy-off");
    console.log(JSON.stringify({ withProxy, withoutProxy, ratio: Math.round((withProxy.rps / withoutProxy.rps) * 100) / 100 }));
  } finally {
    copyFileSync(`${MANIFEST}.orig`, MANIFEST);
    rmSync(`${MANIFEST}.orig`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
