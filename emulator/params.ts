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
// Schema

export type Field =
  | { t: "string"; required?: boolean; enum?: readonly string[]; max?: number; nullable?: boolean }
  | { t: "int"; required?: boolean; min?: number; max?: number; nullable?: boolean }
  | { t: "bool"; required?: boolean }
  | { t: "metadata"; nullable?: boolean }
  | { t: "obj"; required?: boolean; fields: Record<string, Field>; nullable?: boolean }
  | { t: "arr"; required?: boolean; of: Field; nullable?: boolean }
  | { t: "strOrArr"; required?: boolean }
  | { t: "any" };

export const S = {
  str: (o: { required?: boolean; enum?: readonly string[]; max?: number; nullable?: boolean } = {}): Field => ({ t: "string", ...o }),
  int: (o: { required?: boolean; min?: number; max?: number; nullable?: boolean } = {}): Field => ({ t: "int", ...o }),
  bool: (o: { required?: boolean } = {}): Field => ({ t: "bool", ...o }),
  metadata: (): Field => ({ t: "metadata", nullable: true }),
  obj: (fields: Record<string, Field>, o: { required?: boolean; nullable?: boolean } = {}): Field => ({ t: "obj", fields, ...o }),
  arr: (of: Field, o: { required?: boolean; nullable?: boolean } = {}): Field => ({ t: "arr", of, ...o }),
  any: (): Field => ({ t: "any" }),
};

/** Params every endpoint accepts. */
const COMMON: Record<string, Field> = { expand: S.arr(S.str()) };

function paramName(prefix: string, key: string): string {
  return prefix ? `${prefix}[${key}]` : key;
}

function invalid(param: string, message: string, code = "parameter_invalid"): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, { param, code, noIdempotencySave: true });
}

/**
 * Check `input` against `fields`, coercing form strings into numbers/booleans.
 * Throws Stripe-shaped 400 errors naming the offending param.
 */
export function validate(input: Params, fields: Record<string, Field>, prefix = ""): Params {
  const all = prefix ? fields : { ...COMMON, ...fields };
  const out: Params = {};
  for (const key of Object.keys(input)) {
    if (!(key in all)) {
      throw invalid(paramName(prefix, key), `Received unknown parameter: ${paramName(prefix, key)}`, "parameter_unknown");
    }
  }
  for (const [key, field] of Object.entries(all)) {
    const name = paramName(prefix, key);
    const raw = input[key];
    if (raw === undefined) {
      if ("required" in field && field.required) throw invalid(name, `Missing required param: ${name}.`, "parameter_missing");
      continue;
    }
    out[key] = coerce(raw, field, name);
  }
  return out;
}

function coerce(raw: unknown, field: Field, name: string): unknown {
  const emptyString = raw === "";
  switch (field.t) {
    case "any":
      return raw;
    case "string": {
      if (emptyString && field.nullable) return null;
      if (typeof raw !== "string") throw invalid(name, `Invalid string: ${describe(raw)}`);
      if (field.required && raw === "") throw invalid(name, `Missing required param: ${name}.`, "parameter_missing");
      if (field.max !== undefined && raw.length > field.max) throw invalid(name, `Invalid string: ${name} must be at most ${field.max} characters`);
      if (field.enum && !field.enum.includes(raw)) {
        throw invalid(name, `Invalid ${name}: must be one of ${field.enum.join(", ")}`);
      }
      return raw;
    }
    case "int": {
      if (emptyString && field.nullable) return null;
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) throw invalid(name, `Invalid integer: ${describe(raw)}`, "parameter_invalid_integer");
      if (field.min !== undefined && n < field.min) throw invalid(name, `This value must be greater than or equal to ${field.min}.`);
      if (field.max !== undefined && n > field.max) throw invalid(name, `This value must be less than or equal to ${field.max}.`);
      return n;
    }
    case "bool": {
      if (raw === true || raw === "true") return true;
      if (raw === false || raw === "false") return false;
      throw invalid(name, `Invalid boolean: ${describe(raw)}`);
    }
    case "metadata": {
      if (emptyString) return null; // `metadata=` clears all keys
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(name, `Invalid object`);
      const entries = Object.entries(raw as Record<string, unknown>);
      if (entries.length > 50) throw invalid(name, "Invalid metadata: metadata can have up to 50 keys");
      for (const [k, v] of entries) {
        if (typeof v !== "string") throw invalid(`${name}[${k}]`, `Invalid string: ${describe(v)}`);
        if (k.length > 40) throw invalid(`${name}[${k}]`, "Metadata keys can have up to 40 characters");
        if (v.length > 500) throw invalid(`${name}[${k}]`, "Metadata values can have up to 500 characters");
      }
      return raw;
    }
    case "obj": {
      if (emptyString && field.nullable) return null;
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(name, `Invalid object`);
      return validate(raw as Params, field.fields, name);
    }
    case "arr": {
      if (emptyString && field.nullable) return null;
      // A single `x=value` for an array param is accepted as a one-element array, like Stripe.
      const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : null;
      if (!list) throw invalid(name, `Invalid array`);
      return list.map((item, i) => coerce(item, field.of, `${name}[${i}]`));
    }
    case "strOrArr": {
      if (typeof raw === "string") return raw;
      if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return raw;
      throw invalid(name, `Invalid string: ${describe(raw)}`);
    }
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return "array";
  if (v && typeof v === "object") return "{...}";
  return String(v);
}
