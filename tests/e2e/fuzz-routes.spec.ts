import { createHmac, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import nextConfig from "../../next.config";
import { malformedEventBodies } from "../support/malformed-events";
import { expect, test } from "./fixtures";
import { uniqueEmail } from "./support/shop";

/**
 * Fuzz every route of the production server: each route handler under app/ (and each page), each
 * compatibility rewrite of next.config.ts, each method, with malformed JSON, wrong content types,
 * NUL bytes, huge chunked bodies, deep nesting, wrong types, extra fields, `__proto__` keys,
 * undecodable `%ff` paths and signed-but-malformed webhook events. Nothing may answer 5xx, and
 * nothing may hang.
 */

const root = path.resolve(__dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"] as const;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const REQUEST_TIMEOUT_MS = 20_000;
const HUGE_BYTES = 1536 * 1024; // above every body cap (64 KiB, the webhook's 1 MiB)

/** URL paths of app/**\/route.ts and page.tsx: route groups dropped, dynamic segments kept as [x]. */
function appPaths(kind: "route" | "page"): string[] {
  const files = readdirSync(path.join(root, "app"), { recursive: true, encoding: "utf8" }).filter((f) =>
    new RegExp(`(^|/)${kind}\\.tsx?$`).test(f),
  );
  return files.map((f) => {
    const segments = path.dirname(f).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s));
    return `/${segments.join("/")}`;
  });
}

/** Concrete paths for a pattern: every dynamic segment tried as a uuid, junk and `%ff`. */
function expand(pattern: string): string[] {
  const catchAll = /\[\.\.\.[^\]]+\]/;
  if (catchAll.test(pattern)) {
    return ["session", "csrf", "callback/credentials", "%ff", "x/%00/y"].map((v) =>
      pattern.replace(catchAll, v),
    );
  }
  const dynamic = /\[[^\]]+\]/;
  if (!dynamic.test(pattern)) return [pattern];
  return [randomUUID(), "stoneware-mug", "%ff", "a%00b"].flatMap((v) => expand(pattern.replace(dynamic, v)));
}

type BodyCase = { name: string; contentType?: string; body: Buffer | "huge"; hugeChunk?: string };

const NUL = "\u0000";
const uuid = randomUUID();
const nulObject = {
  email: `fuzz${NUL}@example.com`,
  username: `fuzz${NUL}@example.com`,
  password: `pass${NUL}word-123`,
  first_name: `a${NUL}b`,
  last_name: NUL,
  name: NUL,
  refresh: `x${NUL}`,
  product_id: `${uuid}${NUL}`,
  quantity: 1,
  items: { [`${uuid}${NUL}`]: { qty: 1 } },
  payment_method: `pm_${NUL}`,
  token: `tok_${NUL}`,
};
const wrongTypes = {
  email: 12,
  username: ["a"],
  password: { a: 1 },
  first_name: true,
  refresh: 0,
  product_id: 1,
  quantity: "2",
  items: "all",
  payment_method: null,
};
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const boundary = "----cashlinefuzz";
const multipart = (fields: Record<string, string>) =>
  Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") + `--${boundary}--\r\n`,
  );

const BODY_CASES: BodyCase[] = [
  { name: "malformed json", contentType: "application/json", body: Buffer.from('{"email": "a@b.c", "password":') },
  { name: "json array", contentType: "application/json", body: Buffer.from("[1,2,3]") },
  { name: "json null", contentType: "application/json", body: Buffer.from("null") },
  { name: "json string", contentType: "application/json", body: Buffer.from('"x"') },
  { name: "empty json", contentType: "application/json", body: Buffer.alloc(0) },
  { name: "invalid utf-8", contentType: "application/json", body: Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) },
  { name: "nul bytes (json)", contentType: "application/json", body: json(nulObject) },
  { name: "nul in a name", contentType: "application/json", body: json({ email: `fuzz-nul-${uuid}@example.com`, username: `fuzz-nul-${uuid}@example.com`, password: "password-123", first_name: `a${NUL}b`, name: `a${NUL}b` }) },
  { name: "wrong types", contentType: "application/json", body: json(wrongTypes) },
  { name: "extra fields", contentType: "application/json", body: json({ email: "fuzz@example.com", password: "password-123", extra: { deep: [1] }, items: [], admin: true, role: "admin" }) },
  { name: "__proto__ keys", contentType: "application/json", body: Buffer.from(`{"__proto__":{"role":"admin","polluted":1},"constructor":{"prototype":{"polluted":1}},"items":{"__proto__":{"qty":1}},"email":"fuzz@example.com","password":"password-123"}`) },
  { name: "deep array", contentType: "application/json", body: Buffer.from("[".repeat(5000) + "]".repeat(5000)) },
  { name: "deep object", contentType: "application/json", body: Buffer.from('{"a":'.repeat(5000) + "1" + "}".repeat(5000)) },
  { name: "huge numbers", contentType: "application/json", body: Buffer.from(`{"quantity":1e309,"product_id":"${uuid}","items":[{"product_id":"${uuid}","quantity":-1e400}]}`) },
  { name: "long strings", contentType: "application/json", body: json({ email: `${"a".repeat(60_000)}@example.com`, password: "p".repeat(2000) }) },
  { name: "text/plain", contentType: "text/plain", body: Buffer.from("hello") },
  { name: "xml", contentType: "application/xml", body: Buffer.from("<a>1</a>") },
  { name: "no content type", body: Buffer.from('{"email":"fuzz@example.com"}') },
  { name: "nul bytes (form)", contentType: "application/x-www-form-urlencoded", body: form(nulObject as unknown as Record<string, string>) },
  { name: "nul bytes (multipart)", contentType: `multipart/form-data; boundary=${boundary}`, body: multipart({ username: `a${NUL}b`, password: `p${NUL}assword-123`, email: `x${NUL}@y.z` }) },
  { name: "broken multipart", contentType: "multipart/form-data; boundary=nope", body: Buffer.from("--other\r\n\r\n") },
  { name: "huge chunked json", contentType: "application/json", body: "huge", hugeChunk: '{"a":"' + "x".repeat(65_536) },
  { name: "huge chunked form", contentType: "application/x-www-form-urlencoded", body: "huge", hugeChunk: "a=" + "x".repeat(65_536) },
  { name: "huge chunked multipart", contentType: `multipart/form-data; boundary=${boundary}`, body: "huge", hugeChunk: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n` + "x".repeat(65_536) },
];

/** Signed (with the server's webhook secret) but malformed Stripe events. */
function webhookCases(secret: string): { name: string; body: Buffer; signature: string }[] {
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload: string, t = now) => `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex")}`;
  const event = (over: Record<string, unknown>) => JSON.stringify({ id: `evt_fuzz${randomUUID().slice(0, 8)}`, object: "event", type: "payment_intent.succeeded", created: now, data: { object: { id: "pi_fuzz", object: "payment_intent" } }, ...over });
  const payloads: Record<string, string> = {
    ...malformedEventBodies(event),
    // well-formed, but nothing Cashline can apply: stored, and the job finds nothing to do
    "unknown type": event({ type: "fuzz.unknown" }),
    "wrong object for type": event({ type: "charge.refunded", data: { object: { payment_intent: { id: 7 } } } }),
    "order id not uuid": event({ data: { object: { id: "pi_x", object: "payment_intent", metadata: { order_id: "%ff" }, status: "succeeded" } } }),
  };
  const cases = Object.entries(payloads).map(([name, body]) => ({ name: `signed ${name}`, body: Buffer.from(body), signature: sign(body) }));
  const future = event({});
  cases.push({ name: "signed a day ahead", body: Buffer.from(future), signature: sign(future, now + 86_400) });
  cases.push({ name: "bad signature", body: Buffer.from(future), signature: "t=1,v1=00" });
  cases.push({ name: "garbage signature", body: Buffer.from(future), signature: "%ff,,,=" });
  return cases;
}

type Result = { method: string; path: string; name: string; status: number | "timeout" | "error" | "reset"; detail?: string; ms: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
// A server may close the connection after refusing a huge body: those go on connections of their own.
const oneShot = new http.Agent({ keepAlive: false });

/** One raw HTTP request (node:http: TRACE, undecodable paths and chunked bodies go out as written). */
function send(base: URL, method: string, target: string, name: string, headers: Record<string, string>, body?: Buffer | "huge", hugeChunk?: string): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (status: Result["status"], detail?: string) => resolve({ method, path: target, name, status, detail, ms: Date.now() - started });
    // node:http frames a body sent with DELETE (or OPTIONS) by neither Content-Length nor chunked
    // encoding: the server then reads the body as the next request on the connection (a parse
    // error, and at times a reset). A fixed body always says its length.
    const framed = Buffer.isBuffer(body) ? { "content-length": String(body.byteLength), ...headers } : headers;
    const req = http.request({ host: base.hostname, port: base.port, method, path: target, headers: framed, agent: body === "huge" ? oneShot : agent }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? "error"));
      res.on("error", (e) => done("error", e.message));
    });
    // A hard deadline for the whole exchange (a socket timeout alone misses a stalled upload).
    const deadline = setTimeout(() => {
      done("timeout");
      req.destroy();
    }, REQUEST_TIMEOUT_MS);
    req.on("close", () => clearTimeout(deadline));
    req.on("error", (e) => {
      // A server that refuses a huge body and closes the connection while it is still going out
      // is fine (the 413 may be lost in the reset).
      if (body === "huge" && "code" in e && (e.code === "EPIPE" || e.code === "ECONNRESET")) return done("reset");
      done("error", e.message);
    });
    if (body === "huge") {
      const chunk = Buffer.from(hugeChunk!);
      let sent = 0;
      const pump = () => {
        while (sent < HUGE_BYTES && !req.destroyed) {
          sent += chunk.byteLength;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    } else {
      req.end(body);
    }
  });
}

/** Run jobs with a bounded number in flight. */
async function runAll(jobs: (() => Promise<Result>)[], concurrency: number): Promise<Result[]> {
  const out: Result[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
        if (process.env.FUZZ_PROGRESS && (i % 200 === 0 || out[i].ms > 3000)) console.log(`fuzz progress: ${i}/${jobs.length} ${JSON.stringify(out[i])}`);
      }
    }),
  );
  return out;
}

test("fuzz: no route answers 5xx or hangs, whatever it is sent", async ({ baseURL, request }) => {
  test.setTimeout(600_000);
  const base = new URL(baseURL!);

  // A customer and the admin, so the fuzz reaches past the auth checks too.
  const email = uniqueEmail("fuzz");
  expect((await request.post("/api/signup/", { data: { email, password: "password-123", first_name: "Fuzz" } })).status()).toBe(200);
  const tokenFor = async (user: string, password: string) =>
    (await (await request.post("/api/v1/auth/token", { data: { email: user, password } })).json()).access as string;
  const customer = await tokenFor(email, "password-123");
  const admin = await tokenFor(process.env.E2E_ADMIN_EMAIL!, process.env.E2E_ADMIN_PASSWORD!);
  expect(customer).toMatch(/^eyJ/);
  expect(admin).toMatch(/^eyJ/);

  const { beforeFiles } = (await nextConfig.rewrites!()) as { beforeFiles: { source: string }[] };
  const routes = [...new Set([...appPaths("route"), ...beforeFiles.map((r) => r.source)])].flatMap(expand);
  const pages = [...new Set(appPaths("page"))].flatMap(expand).filter((p) => !routes.includes(p));
  // Sign-in failures are keyed by client IP too: keep the fuzz's away from the other specs'.
  const common = { "x-forwarded-for": "fuzz-client", accept: "application/json" };
  const auths: Record<string, string>[] = [{}, { authorization: `Bearer ${customer}` }, { authorization: `JWT ${admin}` }, { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." }];

  const jobs: (() => Promise<Result>)[] = [];
  const add = (method: string, target: string, name: string, headers: Record<string, string>, body?: Buffer | "huge", hugeChunk?: string) =>
    jobs.push(() => send(base, method, target, name, { ...common, ...headers }, body, hugeChunk));
  const queries = ["", "?%ff=%ff&token=%ff&q=%00", `?token=${"t".repeat(3000)}&id[]=1&id[__proto__]=x`];

  for (const route of routes) {
    for (const method of METHODS) {
      for (const [i, auth] of auths.entries()) {
        for (const q of i === 0 ? queries : queries.slice(0, 2)) add(method, route + q, `query ${JSON.stringify(q)} auth#${i}`, auth);
        if (!BODY_METHODS.has(method) || i === 3) continue;
        for (const c of BODY_CASES) {
          // Signed in, the JSON cases reach the parsers; huge bodies (bandwidth) go out anonymously, by POST and PUT.
          if (i > 0 && !c.contentType?.endsWith("json")) continue;
          if (c.body === "huge" && (i > 0 || method === "PATCH" || method === "DELETE")) continue;
          add(method, route, `${c.name} auth#${i}`, { ...auth, ...(c.contentType ? { "content-type": c.contentType } : {}) }, c.body, c.hugeChunk);
        }
      }
    }
    add("GET", `${route}/%ff`, "trailing %ff segment", {});
    add("GET", `${route}%ff`, "%ff suffix", {});
  }
  for (const page of pages) {
    for (const method of METHODS) {
      add(method, page, "page", { accept: "text/html" }, BODY_METHODS.has(method) ? Buffer.from("a=%ff") : undefined);
      add(method, `${page}?%ff=%ff`, "page query", { accept: "text/html" });
    }
    add("GET", `${page === "/" ? "" : page}/%ff`, "page %ff segment", { accept: "text/html" });
  }
  const secret = process.env.E2E_WEBHOOK_SECRET!;
  expect(secret).toMatch(/^whsec_/);
  for (const hook of ["/api/v1/stripe/webhook", "/api/stripe-webhook/", "/api/stripe-webhook"]) {
    for (const c of webhookCases(secret)) add("POST", hook, c.name, { "content-type": "application/json", "stripe-signature": c.signature }, c.body);
  }

  const started = Date.now();
  const results = await runAll(jobs, 4);
  const failures = results.filter((r) => r.status === "timeout" || r.status === "error" || (typeof r.status === "number" && r.status >= 500));
  const fiveXX = results.filter((r) => typeof r.status === "number" && r.status >= 500);
  console.log(`fuzz: ${results.length} requests, ${fiveXX.length} responses >= 500, ${failures.length - fiveXX.length} hung or failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`fuzz: slowest ${slowest.map((r) => `${r.ms} ms ${r.method} ${r.path} (${r.name}) → ${r.status}`).join("; ")}`);
  const summary = [...new Set(failures.map((f) => `${f.status} ${f.method} ${f.path} (${f.name})${f.detail ? `: ${f.detail}` : ""}`))];
  expect(summary).toEqual([]);
});
