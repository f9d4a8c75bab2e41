/**
 * `npx tsx bench/profile.ts [path]`: where a hot path's time goes. Starts the production build
 * with a CPU profiler (bench/probes/cpu-profile-hook.mjs; NODE_OPTIONS refuses --cpu-prof) (own emulator, fresh PGlite or DATABASE_URL database), loads `path`
 * (default `/`) with autocannon as bench/run.ts does, stops the server and prints the app server
 * process's top functions by self time, and by package/file, from its .cpuprofile.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { createServerDatabase, startAppServer } from "../support/servers";
import { load, rssOf } from "./measure";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };

async function main() {
  const target = process.argv[2] ?? "/";
  const dir = path.resolve(".test-data", "cpu-prof");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const database = await createServerDatabase("bench-profile");
  const hook = path.resolve("bench", "probes", "cpu-profile-hook.mjs");
  const server = await startAppServer("bench-profile", { ...database.env, NODE_OPTIONS: `--import ${hook}`, CPU_PROFILE_DIR: dir });
  let result;
  try {
    await fetch(`${server.url}${target}`); // first render (module loading) outside the profile
    process.kill(rssOf(server.pid, "scripts/server.ts")!.pid, "SIGUSR2");
    result = await load(`${server.url}${target}`);
  } finally {
    await server.stop();
    await database.drop();
  }
  console.log(`${target}: ${result.rps} req/s, p50 ${result.p50_ms} ms`);
  const profile = JSON.parse(readFileSync(path.join(dir, "server.cpuprofile"), "utf8")) as { nodes: Node[] };
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    const file = n.callFrame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "") || "(native)";
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/dist\/(?:compiled\/)?[^/]+)?/.exec(file);
    const key = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    const group = pkg ? pkg[1] + (pkg[2] ?? "") : file.startsWith(".next/") ? ".next (app bundle)" : file;
    byFile.set(group, (byFile.get(group) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, h]) => `${((h / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  console.log("\nSelf time by package / file:\n" + top(byFile, 15).join("\n"));
  console.log("\nSelf time by function:\n" + top(byFn, 25).join("\n"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
