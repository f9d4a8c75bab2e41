/**
 * The emulator's HTTP front: auth, CORS, body parsing, idempotency, routing into the `Api`,
 * the `/_emulator/*` test helpers and the Stripe.js stand-in at `/v3/stripe.js`.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Api, API_VERSION, type Ctx } from "./api";
import { ACCOUNT_NAME } from "./billing";
import { StripeApiError } from "./errors";
import { escapeHtml, hostedInvoicePage, notFoundPage, receiptPage } from "./pages";
import { parseForm, type Params } from "./params";
import { randomId, Store, type IdempotencyEntry } from "./store";
import { chaosOptions, Deliverer, type ChaosOptions, type Target } from "./webhooks";

export interface EmulatorOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist state to this file (an append-only log, loaded at start, written after each request). */
  dataFile?: string;
  /** Also deliver every event to this URL, signed with `webhookSecret`. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** First webhook retry delay; doubles on each attempt. Default 1000 ms. */
  retryBaseMs?: number;
  /** Delivery attempts per event and endpoint. Default 8 (about 90 s of retries with the default base). */
  maxAttempts?: number;
  /**
   * Deliver webhooks as Stripe may: shuffled within a window, some twice, some late (seeded; the
   * seed is printed). `true` picks a random seed. Also switchable at run time: `/_emulator/webhooks/mode`.
   */
  webhookChaos?: boolean | Partial<ChaosOptions>;
  /** No request log. */
  quiet?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account, X-Stripe-Client-User-Agent",
  "Access-Control-Expose-Headers": "Request-Id, Idempotency-Key, Idempotent-Replayed, Original-Request, Stripe-Version",
  "Access-Control-Max-Age": "300",
};

type KeyKind = Ctx["keyKind"];

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(",")}}`;
}

function apiKeyFrom(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return "";
  if (/^bearer$/i.test(scheme)) return value.trim();
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0];
  }
  return "";
}

function classifyKey(key: string): KeyKind | null {
  if (/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) return "secret";
  if (/^pk_test_[A-Za-z0-9_]+$/.test(key)) return "publishable";
  return null;
}

function maskKey(key: string): string {
  if (key.length <= 12) return key.replace(/.(?=.{4})/g, "*");
  return `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new StripeApiError(413, "invalid_request_error", "Request body too large.", { noIdempotencySave: true }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): Params {
  if (!raw) return {};
  if (contentType && /application\/json/i.test(contentType)) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      return JSON.parse(JSON.stringify(parsed), (_k, v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v)) as Params;
    } catch {
      throw new StripeApiError(400, "invalid_request_error", "Invalid JSON body.", { noIdempotencySave: true });
    }
  }
  return parseForm(raw);
}

const bundles = new Map<string, Promise<string>>();

/** A browser bundle of the Stripe.js stand-in (`stripe-js/index.ts`) or its Elements' frame (`stripe-js/frame/index.ts`), built with esbuild on first request. */
function loadBundle(entry: "index.ts" | "frame/index.ts"): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = (async () => {
      const esbuild = await import("esbuild");
      const result = await esbuild.build({
        entryPoints: [path.join(__dirname, "stripe-js", entry)],
        bundle: true,
        format: "iife",
        platform: "browser",
        target: "es2019",
        write: false,
        logLevel: "silent",
      });
      return result.outputFiles[0].text;
    })();
    bundle.catch(() => bundles.delete(entry));
    bundles.set(entry, bundle);
  }
  return bundle;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  const log = (msg: string) => {
    if (!opts.quiet) console.log(`[stripe-emulator] ${msg}`);
  };
  const store = new Store(opts.dataFile);
  let closed = false;
  const deliverer = new Deliverer({ retryBaseMs: opts.retryBaseMs ?? 1000, maxAttempts: opts.maxAttempts ?? 8, timeoutMs: 10_000, log });
  if (opts.webhookChaos) deliverer.setMode({ mode: "chaos", ...chaosOptions(opts.webhookChaos === true ? {} : opts.webhookChaos) });
  let baseUrl = "";

  const api = new Api(store, {
    baseUrl: () => baseUrl,
    webhookTargets: (type) => {
      const targets: Target[] = [];
      const endpoints = store.all("webhook_endpoint").reverse();
      for (const ep of endpoints) {
        if (ep.deleted || ep.status !== "enabled") continue;
        if (!(ep.enabled_events as string[]).some((e) => e === "*" || e === type)) continue;
        targets.push({ id: ep.id, url: ep.url, secret: store.meta(ep.id).secret ?? "" });
      }
      if (opts.webhookUrl) targets.push({ id: "config", url: opts.webhookUrl, secret: opts.webhookSecret ?? "" });
      return targets;
    },
    onEvent: (event, targets) => deliverer.enqueue(event, targets),
  });

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return;
    const payload = typeof body === "string" ? body : JSON.stringify(body, null, 2);
    res.writeHead(status, { ...CORS_HEADERS, "Content-Type": "application/json", "Cache-Control": "no-cache, no-store", ...headers });
    res.end(payload);
  }

  function errorBody(err: StripeApiError): unknown {
    return { error: err.body };
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string): Promise<void> {
    const method = req.method ?? "GET";
    const pathname = url.pathname.replace(/\/+$/, "");
    const headers: Record<string, string> = { "Request-Id": requestId, "Stripe-Version": String(req.headers["stripe-version"] ?? API_VERSION) };
    const fail = (err: StripeApiError) => send(res, err.status, errorBody(err), headers);

    const key = apiKeyFrom(req);
    if (key === null) {
      return fail(
        new StripeApiError(
          401,
          "invalid_request_error",
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        ),
      );
    }
    const keyKind = classifyKey(key);
    if (!keyKind) {
      return fail(new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${maskKey(key)}`, { code: "api_key_invalid" }));
    }
    const found = api.route(method, pathname);
    if (!found) {
      return fail(
        new StripeApiError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        ),
      );
    }
    if (keyKind === "publishable" && !found.route.publishable) {
      return fail(
        new StripeApiError(
          401,
          "invalid_request_error",
          "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        ),
      );
    }

    const raw = method === "POST" ? await readBody(req) : "";
    const params: Params = { ...parseForm(url.search.slice(1)), ...parseBody(raw, req.headers["content-type"]) };

    const idempotencyKey = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
    if (idempotencyKey !== null) {
      headers["Idempotency-Key"] = idempotencyKey;
      if (idempotencyKey.length > 255 || idempotencyKey.length === 0) {
        return fail(new StripeApiError(400, "invalid_request_error", "Idempotency-Key must be between 1 and 255 characters long.", { param: "Idempotency-Key" }));
      }
      // Method, path and params in one short hash (the index keeps it for 24 h per key).
      const hash = createHash("sha256").update(`${method} ${pathname} ${stableStringify(params)}`).digest("base64url").slice(0, 22);
      const entry = store.idempotency(idempotencyKey);
      if (entry) {
        if (entry.requestHash !== hash) {
          return fail(
            new StripeApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            ),
          );
        }
        return send(res, entry.status, entry.body, { ...headers, "Idempotent-Replayed": "true", "Original-Request": entry.requestId });
      }
      // Handlers are synchronous from here on: the lookup above and the save below happen in
      // one turn of the event loop, so concurrent requests with one key cannot both execute.
      const outcome = execute();
      const save = outcome.status < 500 && outcome.status !== 401 && !outcome.noSave;
      if (save) {
        const saved: IdempotencyEntry = { requestHash: hash, status: outcome.status, body: outcome.body, requestId, createdAt: store.now() };
        store.saveIdempotency(idempotencyKey, saved);
        store.flush();
      }
      return send(res, outcome.status, outcome.body, headers);
    }
    const outcome = execute();
    return send(res, outcome.status, outcome.body, headers);

    function execute(): { status: number; body: string; noSave: boolean } {
      const ctx: Ctx = { method, path: pathname, params, keyKind: keyKind!, requestId, idempotencyKey };
      try {
        const answer = api.run(found!.route, found!.match, ctx);
        return { status: answer.status, body: JSON.stringify(answer.body, null, 2), noSave: false };
      } catch (err) {
        if (err instanceof StripeApiError) return { status: err.status, body: JSON.stringify(errorBody(err), null, 2), noSave: err.noIdempotencySave };
        log(`internal error on ${method} ${pathname}: ${err instanceof Error ? err.stack : String(err)}`);
        return {
          status: 500,
          body: JSON.stringify({ error: { type: "api_error", message: "An unexpected error occurred in the Stripe emulator." } }, null, 2),
          noSave: true,
        };
      }
    }
  }

  async function readHelperParams(req: http.IncomingMessage, url: URL): Promise<Params> {
    const raw = req.method === "POST" ? await readBody(req) : "";
    return { ...parseForm(url.search.slice(1)), ...parseBody(raw, req.headers["content-type"]) };
  }

  async function handleHelper(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const p = url.pathname.replace(/\/+$/, "");
    let m: RegExpExecArray | null;
    if (method === "GET" && p === "/_emulator/health") {
      return send(res, 200, { status: "ok", api_version: API_VERSION, objects: store.count() });
    }
    if (method === "POST" && p === "/_emulator/reset") {
      store.reset();
      deliverer.reset();
      return send(res, 200, { reset: true });
    }
    if (method === "GET" && p === "/_emulator/deliveries") {
      const q = url.searchParams;
      let data = deliverer.records.slice().reverse();
      if (q.get("event_id")) data = data.filter((d) => d.event_id === q.get("event_id"));
      if (q.get("event_type")) data = data.filter((d) => d.event_type === q.get("event_type"));
      if (q.get("status")) data = data.filter((d) => d.status === q.get("status"));
      return send(res, 200, { object: "list", data, has_more: false, url: "/_emulator/deliveries" });
    }
    if (p === "/_emulator/webhooks/mode" && (method === "GET" || method === "POST")) {
      if (method === "POST") {
        const params = await readHelperParams(req, url);
        if (params.mode !== "normal" && params.mode !== "chaos") {
          throw new StripeApiError(400, "invalid_request_error", "mode must be 'normal' or 'chaos'.", { param: "mode" });
        }
        const num = (k: string) => {
          const v = params[k];
          if (v === undefined) return undefined;
          const n = Number(v);
          if (!Number.isFinite(n) || n < 0) throw new StripeApiError(400, "invalid_request_error", `${k} must be a non-negative number.`, { param: k });
          return n;
        };
        deliverer.setMode(
          params.mode === "normal"
            ? { mode: "normal" }
            : { mode: "chaos", ...chaosOptions({ seed: num("seed"), windowMs: num("window_ms"), duplicateRate: num("duplicate_rate"), delayRate: num("delay_rate"), maxDelayMs: num("max_delay_ms") }) },
        );
      }
      return send(res, 200, deliverer.mode);
    }
    if (method === "POST" && p === "/_emulator/clock/advance") {
      const params = await readHelperParams(req, url);
      const seconds = Number(params.seconds);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new StripeApiError(400, "invalid_request_error", "seconds must be a positive number.", { param: "seconds" });
      return send(res, 200, api.advanceClock(seconds));
    }
    if (method === "POST" && (m = /^\/_emulator\/subscriptions\/([A-Za-z0-9_]+)\/advance$/.exec(p))) {
      await readHelperParams(req, url);
      const id = m[1];
      return send(res, 200, api.runInternal(() => api.advanceSubscription(id)));
    }
    if (method === "POST" && (m = /^\/_emulator\/(?:payment|setup)_intents\/([A-Za-z0-9_]+)\/three_d_secure$/.exec(p))) {
      const params = await readHelperParams(req, url);
      const outcome = params.outcome;
      if (outcome !== "complete" && outcome !== "fail") {
        throw new StripeApiError(400, "invalid_request_error", "outcome must be 'complete' or 'fail'.", { param: "outcome" });
      }
      const id = m[1];
      return send(res, 200, api.runInternal(() => api.completeThreeDSecure(id, outcome)));
    }
    if (method === "POST" && (m = /^\/_emulator\/payment_methods\/([A-Za-z0-9_]+)\/fail_next$/.exec(p))) {
      await readHelperParams(req, url);
      const id = m[1];
      return send(res, 200, api.runInternal(() => api.failNext(id)));
    }
    if (method === "GET" && (m = /^\/_emulator\/3ds\/([A-Za-z0-9_]+)$/.exec(p))) {
      const returnUrl = url.searchParams.get("return_url") ?? api.returnUrlOf(m[1]) ?? "";
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(challengePage(m[1], returnUrl));
      return;
    }
    if (method === "GET" && (m = /^\/_emulator\/(invoices|receipts)\/([A-Za-z0-9_]+)$/.exec(p))) {
      const obj = store.get(m[2]);
      const invoice = m[1] === "invoices" && obj?.object === "invoice" ? obj : null;
      const charge = m[1] === "receipts" && obj?.object === "charge" && obj.receipt_url ? obj : null;
      res.writeHead(invoice || charge ? 200 : 404, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(invoice ? hostedInvoicePage(invoice) : charge ? receiptPage(charge, ACCOUNT_NAME) : notFoundPage(m[1] === "invoices" ? "Invoice" : "Receipt"));
      return;
    }
    throw new StripeApiError(404, "invalid_request_error", `Unrecognized emulator helper (${method}: ${url.pathname}). See emulator/README.md.`);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `req_${randomId(14)}`;
    const started = Date.now();
    res.on("finish", () => log(`${req.method} ${req.url?.split("?")[0]} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS_HEADERS);
        res.end();
        return;
      }
      const url = new URL(req.url ?? "/", "http://emulator.local");
      if (req.method === "GET" && /^\/(v3|[a-z]+)\/stripe\.js$/.test(url.pathname)) {
        const js = await loadBundle("index.ts");
        res.writeHead(200, { ...CORS_HEADERS, "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-cache" });
        res.end(js);
        return;
      }
      if (req.method === "GET" && url.pathname === "/v3/elements-inner.html") {
        // An Element's iframe: its configuration travels in the URL fragment, never to the server.
        const js = await loadBundle("frame/index.ts");
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" });
        res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Stripe emulator Element</title></head><body><script>${js.replace(/<\/script/gi, "<\\/script")}</script></body></html>`);
        return;
      }
      if (url.pathname.startsWith("/_emulator/")) return await handleHelper(req, res, url);
      if (url.pathname.startsWith("/v1/")) return await handleApi(req, res, url, requestId);
      throw new StripeApiError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${req.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    } catch (err) {
      if (err instanceof StripeApiError) {
        send(res, err.status, errorBody(err), { "Request-Id": requestId });
        return;
      }
      log(`internal error: ${err instanceof Error ? err.stack : String(err)}`);
      send(res, 500, { error: { type: "api_error", message: "An unexpected error occurred in the Stripe emulator." } }, { "Request-Id": requestId });
    } finally {
      // Reads outside an API request (helpers, pages) leave working copies: write back and forget them.
      if (!closed) store.commit();
    }
  }

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 12111, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Delayed outcomes (bank debits in `processing`) arrive on the emulator clock.
  const settler = setInterval(() => {
    if (!closed) api.settleDue();
  }, 200);
  settler.unref();
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  baseUrl = `http://${urlHost}:${port}`;
  log(`listening on ${baseUrl}`);

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        deliverer.close();
        clearInterval(settler);
        closed = true;
        store.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The 3-D Secure page for `redirect_to_url` next actions (server-side confirmations with return_url). */
function challengePage(piId: string, returnUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure 2 Test Page</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}</style>
</head><body>
<main role="dialog" aria-labelledby="t"><h1 id="t">3D Secure 2 Test Page</h1>
<p>This is the Stripe emulator's stand-in for the bank's authentication page. Choose the outcome of the challenge for <code>${escapeHtml(piId)}</code>.</p>
<button id="complete">Complete</button><button id="fail">Fail</button></main>
<script>
const pi = ${JSON.stringify(piId)};
const returnUrl = ${JSON.stringify(returnUrl)};
async function finish(outcome) {
  const kind = pi.startsWith("seti_") ? "setup_intent" : "payment_intent";
  const res = await fetch("/_emulator/" + kind + "s/" + pi + "/three_d_secure", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ outcome }) });
  const intent = await res.json();
  if (!returnUrl) { document.body.textContent = "Authentication " + (outcome === "complete" ? "completed" : "failed") + "."; return; }
  const u = new URL(returnUrl);
  u.searchParams.set(kind, pi);
  if (intent.client_secret) u.searchParams.set(kind + "_client_secret", intent.client_secret);
  u.searchParams.set("redirect_status", intent.status === "succeeded" || intent.status === "requires_capture" ? "succeeded" : "failed");
  location.assign(u.toString());
}
document.getElementById("complete").onclick = () => finish("complete");
document.getElementById("fail").onclick = () => finish("fail");
</script></body></html>`;
}
