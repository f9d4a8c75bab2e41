import { format } from "node:util";
import pino, { type Logger } from "pino";
import { requestIdFrom } from "@/lib/request-id";
import { scrubSecrets } from "@/lib/security/secrets";

/**
 * The one logger: JSON lines on stdout (pino). Three layers keep secrets out of every line:
 * - keys that name secrets are redacted wherever they sit (up to three levels deep);
 * - errors are logged through `safeError` (name, message, code), never with the SQL parameters,
 *   request bodies or raw Stripe responses that drivers and SDKs hang on them;
 * - every string written is scrubbed of secret-shaped text (hashes, JWTs, client secrets, card
 *   numbers; see lib/security/secrets.ts).
 */

/** Keys whose values are never logged. */
export const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "token",
  "access",
  "refresh",
  "accessToken",
  "refreshToken",
  "authorization",
  "cookie",
  "set-cookie",
  "client_secret",
  "clientSecret",
  "secret",
  "card",
  "card_number",
  "cc_num",
  "cvv",
  "cvc",
  "card_cvc",
  "number",
  "exp_date",
  "parameters",
  "params",
];

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
const redactPaths = REDACTED_KEYS.flatMap((k) => {
  const p = key(k);
  const dot = p.startsWith("[") ? "" : ".";
  return [p, `*${dot}${p}`, `*.*${dot}${p}`, `*.*.*${dot}${p}`];
});

/** The parts of an error that are safe to log, for any error (Postgres, Drizzle, Stripe, our own). */
export type SafeError = { type: string; message: string; code?: string; stack?: string; cause?: SafeError };

/**
 * Drizzle's DrizzleQueryError says "Failed query: <sql>\nparams: <values>"; postgres-js errors
 * carry `query`/`parameters`; Stripe errors carry `raw` (the full response, client secrets and
 * all). Only the name, the message up to any "params:", and the code are kept.
 */
export function safeError(err: unknown, depth = 0): SafeError {
  // Error-like objects too: Auth.js's errors, for one, may come from another bundle's Error class.
  const errorLike = err instanceof Error || (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string");
  if (!errorLike) return { type: typeof err, message: scrubSecrets(stripParams(String(err))).slice(0, 500) };
  const e = err as Error & { code?: unknown; type?: unknown; cause?: unknown };
  const message = scrubSecrets(stripParams(e.message));
  const out: SafeError = { type: typeof e.type === "string" ? e.type : (e.name ?? "Error"), message };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = String(e.code);
  if (typeof e.stack === "string") {
    // The stack's first line repeats the message: keep the frames only.
    const frames = e.stack.split("\n").filter((line) => /^\s+at /.test(line));
    if (frames.length) out.stack = scrubSecrets(frames.slice(0, 12).join("\n"));
  }
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

function stripParams(message: string): string {
  const at = message.search(/\n?\s*params:/);
  return at === -1 ? message : `${message.slice(0, at)} [params withheld]`;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (value instanceof Error) return safeError(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

const level = process.env.LOG_LEVEL && process.env.LOG_LEVEL in pino.levels.values ? process.env.LOG_LEVEL : "info";

function createLogger(): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: "[redacted]" },
      serializers: { err: safeError, error: safeError },
      formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message string (and printf-style arguments) is scrubbed too.
          const [first, ...rest] = args as unknown[];
          if (typeof first === "string") return method.apply(this, [scrubSecrets(format(first, ...rest))] as never);
          if (typeof rest[0] === "string") return method.apply(this, [first, scrubSecrets(format(...(rest as [string])))] as never);
          return method.apply(this, args);
        },
      },
    },
    // Through process.stdout (not fd 1 directly), so test runners see and capture the lines.
    { write: (line: string) => void process.stdout.write(line) },
  );
}

// One instance per process, on globalThis: Next bundles instrumentation and routes separately.
const globalForLog = globalThis as typeof globalThis & { __cashlineLog?: Logger };
export const log: Logger = (globalForLog.__cashlineLog ??= createLogger());

/** A logger for one area, e.g. logFor("jobs"). */
export function logFor(component: string): Logger {
  return log.child({ component });
}


/** The request's id: the caller's (or proxy's) X-Request-Id when it is sane, else a new one. */
export function requestId(req: Request): string {
  return requestIdFrom(req.headers);
}

/** A logger bound to one request: its id, method and path (never its query, headers or body). */
export function requestLogger(req: Request, id = requestId(req)): Logger {
  let path = "";
  try {
    path = new URL(req.url).pathname;
  } catch {
    // a URL the runtime could not parse: log without it
  }
  return log.child({ requestId: id, method: req.method, path });
}

/**
 * Send console.* of this server process (Next.js's own error printing, libraries) through the
 * logger, so every line gets the same redaction. Called once at boot from instrumentation.ts.
 */
export function routeConsoleThroughLogger(): void {
  const g = globalThis as typeof globalThis & { __cashlineConsoleRouted?: boolean };
  if (g.__cashlineConsoleRouted) return;
  g.__cashlineConsoleRouted = true;
  const fromConsole = log.child({ component: "console" });
  const forward = (lvl: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => {
    const err = args.find((a): a is Error => a instanceof Error);
    const text = args.filter((a) => !(a instanceof Error)).map((a) => (typeof a === "string" ? a : format("%o", a)));
    const message = text.join(" ") || err?.message || "";
    if (err) fromConsole[lvl]({ err }, message);
    else fromConsole[lvl](message);
  };
  console.log = forward("info");
  console.info = forward("info");
  console.debug = forward("debug");
  console.warn = forward("warn");
  console.error = forward("error");
}
