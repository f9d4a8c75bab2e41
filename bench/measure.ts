// Helpers of bench/run.ts: load runs (autocannon), process memory, Lighthouse, first-load JS.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
export const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 1);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

export type Load = { rps: number; p50_ms: number; p99_ms: number; ok: number; non2xx: number; errors: number };

/** A warm-up, then a fixed-length run: req/s of 2xx answers, latency, refusals. */
export async function load(url: string, opts: { headers?: Record<string, string>; method?: string; body?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> } = {}): Promise<Load> {
  // autocannon takes an explicit `method: undefined` as a method: leave unset options out.
  const base = { url, connections: CONNECTIONS, ...(opts.method ? { method: opts.method } : {}), ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.body ? { body: opts.body } : {}) };
  const requests = opts.setupRequest ? [{ setupRequest: opts.setupRequest as never }] : undefined;
  if (WARMUP_S > 0) await autocannon({ ...base, duration: WARMUP_S, requests });
  const r = await autocannon({ ...base, duration: DURATION_S, requests });
  return { rps: Math.round(r["2xx"] / DURATION_S), p50_ms: r.latency.p50, p99_ms: r.latency.p99, ok: r["2xx"], non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

/** Resident set size (MB) of the descendant of `rootPid` whose command line contains `marker`. */
export function rssOf(rootPid: number, marker: string): { pid: number; rss_mb: number } | null {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        return { pid, rss_mb: Math.round(kb / 1024) };
      }
    } catch {
      // gone meanwhile
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return null;
}

export const CHROMIUM = "/usr/bin/chromium";

export type LighthouseScores = { performance: number; accessibility: number; "best-practices": number; seo: number };
type LighthouseReport = {
  categories: Record<keyof LighthouseScores, { score: number; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null }>;
};
const PASS_FAIL_CATEGORIES = ["accessibility", "best-practices", "seo"] as const;

/**
 * Lighthouse (mobile, its default form factor) on one URL, `runs` times: the median of each
 * category, and the weighted audits of the pass/fail categories that failed or errored in any run (so a
 * score under 100 says why).
 */
export function lighthouse(url: string, runs: number): LighthouseScores & { failing: string[] } {
  const samples: LighthouseScores[] = [];
  const failing = new Set<string>();
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(
      process.execPath,
      ["node_modules/lighthouse/cli/index.js", url, "--output=json", "--output-path=stdout", "--quiet", "--only-categories=performance,accessibility,best-practices,seo", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
      { encoding: "utf8", env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
    );
    if (out.status !== 0) throw new Error(`lighthouse failed on ${url}: ${out.stderr.slice(-500)}`);
    const report = JSON.parse(out.stdout) as LighthouseReport;
    const cats = report.categories;
    for (const category of PASS_FAIL_CATEGORIES) {
      for (const ref of cats[category].auditRefs) {
        if (ref.weight === 0) continue;
        const score = report.audits[ref.id]?.score;
        if (score === null || score === undefined) failing.add(`${ref.id} (${category}, errored)`);
        else if (score < 1) failing.add(`${ref.id} (${category})`);
      }
    }
    samples.push({
      performance: Math.round(cats.performance.score * 100),
      accessibility: Math.round(cats.accessibility.score * 100),
      "best-practices": Math.round(cats["best-practices"].score * 100),
      seo: Math.round(cats.seo.score * 100),
    });
  }
  const median = (k: keyof LighthouseScores) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  return { performance: median("performance"), accessibility: median("accessibility"), "best-practices": median("best-practices"), seo: median("seo"), failing: [...failing].sort() };
}

/** Bytes of JavaScript a page loads in Chromium (transferred bodies of script responses, until the load event). */
export async function firstLoadJs(url: string): Promise<number> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const bodies: Promise<number>[] = [];
    page.on("response", (res) => {
      if (res.request().resourceType() === "script") bodies.push(res.body().then((b) => b.length, () => 0));
    });
    await page.goto(url, { waitUntil: "load" });
    return (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  } finally {
    await browser.close();
  }
}

export const chromiumPresent = () => existsSync(CHROMIUM);
