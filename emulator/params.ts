/**
 * Request parameter handling: Stripe's form-encoded nested params (`a[b][0][c]=v`, `expand[]=x`)
 * decoded into plain objects, then checked against a small per-endpoint schema that produces
 * Stripe's own error messages (`parameter_unknown`, `parameter_missing`, `parameter_invalid_integer`...).
 */
import { StripeApiError } from "./errors";

export type Params = Record<string, unknown>;

/** Decode `application/x-www-form-urlencoded` (or a query string) into nested objects/arrays. */
export function parseForm(body: string): Params {
  const root: Params = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = safeDecode(rawKey);
    const value = safeDecode(rawValue);
    const path = splitKey(key);
    if (!path) throw new StripeApiError(400, "invalid_request_error", `Invalid parameter name: ${key}`, { param: key });
    assign(root, path, value);
  }
  return arraysFromIndexedObjects(root) as Params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new StripeApiError(400, "invalid_request_error", "Invalid request: the body is not valid form data.");
  }
}

/** `a[b][]` → ["a", "b", ""]; null when brackets are unbalanced. */
function splitKey(key: string): string[] | null {
  const first = key.indexOf("[");
  if (first === -1) return key ? [key] : null;
  const head = key.slice(0, first);
  if (!head) return null;
  const parts = [head];
  const rest = key.slice(first);
  const re = /\[([^\[\]]*)\]/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(rest))) {
    parts.push(m[1]);
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length) return null;
  return parts;
}

const APPEND = Symbol("append");

function assign(target: Record<string, unknown>, path: string[], value: string): void {
  let node: Record<string | symbol, unknown> = target;
  for (let i = 0; i < path.length; i++) {
    const isLast = i === path.length - 1;
    let part: string = path[i];
    if (part === "") {
      // `x[]` appends: use the next free index.
      const counter = ((node[APPEND] as number | undefined) ?? 0) as number;
      node[APPEND] = counter + 1;
      part = String(counter);
    }
    if (part === "__proto__" || part === "constructor" || part === "prototype") {
      throw new StripeApiError(400, "invalid_request_error", `Received unknown parameter: ${part}`, { param: part, code: "parameter_unknown" });
    }
    if (isLast) {
      node[part] = value;
    } else {
      const existing = node[part];
      if (existing === undefined || typeof existing !== "object" || existing === null) {
        node[part] = {};
      }
      node = node[part] as Record<string | symbol, unknown>;
    }
  }
}

/** Objects whose keys are exactly 0..n-1 become arrays (`items[0][price]` → items: [{price}]). */
function arraysFromIndexedObjects(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = arraysFromIndexedObjects(obj[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const sorted = keys.map(Number).sort((a, b) => a - b);
    if (sorted.every((n, i) => n === i)) return sorted.map((n) => obj[String(n)]);
  }
  return obj;
}

// ---------------------------------------------------------------------------------------------
// Schema: typed field builders. `validate(raw, schema)` returns the params with their types
// inferred from the schema (like zod), and rejects with Stripe's own messages and codes.

/** One param: whether it must be present, and how to coerce a present value (or throw Stripe's 400). */
export interface Field<T = unknown, R extends boolean = boolean> {
  readonly required: R;
  parse(raw: unknown, name: string): T;
}

export type Schema = Record<string, Field>;

type Output<F> = F extends Field<infer T> ? T : never;
/** The type a field parses to: `Infer<typeof CARD_INPUT>`. */
export type Infer<F extends Field> = Output<F>;
type RequiredKeys<Sc> = { [K in keyof Sc]: Sc[K] extends Field<unknown, true> ? K : never }[keyof Sc];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What `validate` returns for a schema: required fields present, the others optional. */
export type Parsed<Sc extends Schema> = Simplify<
  { [K in RequiredKeys<Sc>]: Output<Sc[K]> } & { [K in Exclude<keyof Sc, RequiredKeys<Sc>>]?: Output<Sc[K]> }
>;

interface Presence {
  required?: boolean;
  nullable?: boolean;
}
type Req<O> = O extends { required: true } ? true : false;
type Nullable<O> = O extends { nullable: true } ? null : never;
type StrOptions = Presence & { enum?: readonly string[]; max?: number };
type StrOutput<O> = (O extends { enum: readonly (infer E extends string)[] } ? E : string) | Nullable<O>;

/**
 * A field of type `T` from its coercion. The one place the inferred types are asserted: `parse`
 * returns what `T` (computed from the options) describes, which TypeScript cannot follow.
 */
function field<T, O extends Presence>(o: O | undefined, parse: (raw: unknown, name: string, required: boolean) => unknown): Field<T, Req<O>> {
  const required = o?.required === true;
  return { required: required as Req<O>, parse: (raw, name) => parse(raw, name, required) as T };
}

export const S = {
  str: <const O extends StrOptions = {}>(o?: O) =>
    field<StrOutput<O>, O>(o, (raw, name, required) => {
      if (raw === "" && o?.nullable) return null;
      if (typeof raw !== "string") throw invalid(name, `Invalid string: ${describe(raw)}`);
      if (required && raw === "") throw missingParam(name);
      if (o?.max !== undefined && raw.length > o.max) throw invalid(name, `Invalid string: ${name} must be at most ${o.max} characters`);
      if (o?.enum && !o.enum.includes(raw)) throw invalid(name, `Invalid ${name}: must be one of ${o.enum.join(", ")}`);
      return raw;
    }),
  int: <const O extends Presence & { min?: number; max?: number } = {}>(o?: O) =>
    field<number | Nullable<O>, O>(o, (raw, name) => {
      if (raw === "" && o?.nullable) return null;
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) throw invalid(name, `Invalid integer: ${describe(raw)}`, "parameter_invalid_integer");
      if (o?.min !== undefined && n < o.min) throw invalid(name, `This value must be greater than or equal to ${o.min}.`);
      if (o?.max !== undefined && n > o.max) throw invalid(name, `This value must be less than or equal to ${o.max}.`);
      return n;
    }),
  bool: <const O extends { required?: boolean } = {}>(o?: O) =>
    field<boolean, O>(o, (raw, name) => {
      if (raw === true || raw === "true") return true;
      if (raw === false || raw === "false") return false;
      throw invalid(name, `Invalid boolean: ${describe(raw)}`);
    }),
  /** `metadata[k]=v` sets, `metadata[k]=` unsets a key, `metadata=` clears all (null). */
  metadata: () =>
    field<Record<string, string> | null, {}>({}, (raw, name) => {
      if (raw === "") return null;
      if (!isRecord(raw)) throw invalid(name, `Invalid object`);
      const entries = Object.entries(raw);
      if (entries.length > 50) throw invalid(name, "Invalid metadata: metadata can have up to 50 keys");
      const out: Record<string, string> = {};
      for (const [k, v] of entries) {
        if (typeof v !== "string") throw invalid(`${name}[${k}]`, `Invalid string: ${describe(v)}`);
        if (k.length > 40) throw invalid(`${name}[${k}]`, "Metadata keys can have up to 40 characters");
        if (v.length > 500) throw invalid(`${name}[${k}]`, "Metadata values can have up to 500 characters");
        out[k] = v;
      }
      return out;
    }),
  obj: <const F extends Schema, const O extends Presence = {}>(fields: F, o?: O) =>
    field<Parsed<F> | Nullable<O>, O>(o, (raw, name) => {
      if (raw === "" && o?.nullable) return null;
      if (!isRecord(raw)) throw invalid(name, `Invalid object`);
      return validateFields(raw, fields, name);
    }),
  arr: <const F extends Field, const O extends Presence = {}>(of: F, o?: O) =>
    field<Output<F>[] | Nullable<O>, O>(o, (raw, name) => {
      if (raw === "" && o?.nullable) return null;
      // A single `x=value` for an array param is accepted as a one-element array, like Stripe.
      const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : null;
      if (!list) throw invalid(name, `Invalid array`);
      return list.map((item, i) => of.parse(item, `${name}[${i}]`));
    }),
  /** Accepted and passed through unchecked. */
  any: () => field<unknown, {}>({}, (raw) => raw),
};

/** The param names of a schema (e.g. the fields an update may change). */
export function fieldNames<Sc extends Schema>(schema: Sc): (keyof Sc & string)[] {
  return Object.keys(schema);
}

/** Params every endpoint accepts. */
const COMMON = { expand: S.arr(S.str()) };

export type WithCommon<Sc extends Schema> = Parsed<typeof COMMON & Sc>;

function paramName(prefix: string, key: string): string {
  return prefix ? `${prefix}[${key}]` : key;
}

function invalid(param: string, message: string, code = "parameter_invalid"): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, { param, code, noIdempotencySave: true });
}

function missingParam(name: string): StripeApiError {
  return invalid(name, `Missing required param: ${name}.`, "parameter_missing");
}

function isRecord(v: unknown): v is Params {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Check a request's params against `schema` (plus `expand`), coercing form strings into
 * numbers/booleans. Throws Stripe-shaped 400 errors naming the offending param.
 */
export function validate<Sc extends Schema>(input: Params, schema: Sc): WithCommon<Sc> {
  return validateFields(input, { ...COMMON, ...schema }, "") as WithCommon<Sc>;
}

/** The untyped core of `validate`: the one place where the schema's inferred type is asserted. */
function validateFields(input: Params, fields: Schema, prefix: string): Params {
  for (const key of Object.keys(input)) {
    if (!(key in fields)) {
      throw invalid(paramName(prefix, key), `Received unknown parameter: ${paramName(prefix, key)}`, "parameter_unknown");
    }
  }
  const out: Params = {};
  for (const [key, f] of Object.entries(fields)) {
    const name = paramName(prefix, key);
    const raw = input[key];
    if (raw === undefined) {
      if (f.required) throw missingParam(name);
      continue;
    }
    out[key] = f.parse(raw, name);
  }
  return out;
}

function describe(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return "array";
  if (v && typeof v === "object") return "{...}";
  return String(v);
}
