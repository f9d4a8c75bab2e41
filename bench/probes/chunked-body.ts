/**
 * Issue 8, M3: how much of a huge chunked form body a running server reads, and what it costs in
 * memory. Streams `--mb` MiB as application/x-www-form-urlencoded (or --type) without a
 * Content-Length, counts the bytes the server took before answering, and samples the server
 * process's RSS (from /proc/<pid>/status) before and at its peak.
 *
 *   npx tsx bench/probes/chunked-body.ts --url http://127.0.0.1:3000/api/token/obtain --pid <server pid> --mb 100
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { url: { type: "string" }, pid: { type: "string" }, mb: { type: "string", default: "100" }, type: { type: "string", default: "application/x-www-form-urlencoded" } },
});
if (!values.url || !values.pid) {
  console.error("usage: tsx bench/probes/chunked-body.ts --url <url> --pid <server pid> [--mb 100] [--type <content-type>]");
  process.exit(2);
}
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${values.pid}/status`, "utf8"))![1]) / 1024;

const total = Number(values.mb) * 1024 * 1024;
const chunk = Buffer.from("username=" + "x".repeat(64 * 1024 - 9));
const before = rssMiB();
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 20);
const url = new URL(values.url);
let sent = 0;
const started = Date.now();
const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": values.type } }, (res) => {
  res.resume();
  res.on("end", () => finish(`HTTP ${res.statusCode}`));
});
req.on("error", (e) => finish(`connection ${(e as NodeJS.ErrnoException).code ?? e.message}`));
let finished = false;
function finish(outcome: string) {
  if (finished) return;
  finished = true;
  setTimeout(() => {
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB());
    console.log(`${outcome} after ${((Date.now() - started) / 1000).toFixed(1)} s; sent ${(sent / 1048576).toFixed(1)} MiB of ${values.mb} MiB; server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)} MiB)`);
    process.exit(0);
  }, 200);
}
const pump = () => {
  while (sent < total && !finished) {
    sent += chunk.byteLength;
    if (!req.write(chunk)) return void req.once("drain", pump);
  }
  if (!finished) req.end();
};
pump();
