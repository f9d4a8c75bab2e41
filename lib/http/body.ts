import type { z } from "zod";
import { DomainError, zodFieldErrors, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { STATUS_BY_CODE } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;
/** Deeper JSON than this is refused: no client of ours nests so deep, and deep input costs stack. */
export const MAX_JSON_DEPTH = 32;

/** What is wrong with a request body: every field named. Each route's contract shapes it. */
export class BodyError extends DomainError {
  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(code, message, fields);
    this.name = "BodyError";
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export type BodyResult<T> = { ok: true; data: T } | { ok: false; problem: BodyError };

/**
 * Read a request body and validate it, without throwing (lib/http/route.ts hands the problem to
 * the route's error contract). JSON always; with `forms`, also
 * urlencoded or multipart forms (what the older services' jQuery clients post) and a body sent
 * without a content type. Larger than MAX_BODY_BYTES → 413 (counted while streaming, whatever the
 * content type or Content-Length: a form is parsed from the bytes read, never from the stream),
 * unreadable or nested deeper than MAX_JSON_DEPTH → 400, wrong type → 415, schema failures → 400
 * with each field named.
 */
export async function readBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts: { forms?: boolean } = { forms: true },
): Promise<BodyResult<z.output<S>>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const isJson = type === "application/json" || type.endsWith("+json") || (opts.forms === true && type === "");
  const isForm = opts.forms === true && (type === "application/x-www-form-urlencoded" || type === "multipart/form-data");
  if (!isJson && !isForm) {
    return problem("unsupported_media_type", "Send the body as application/json.", { "content-type": ["must be application/json"] });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge();
  let raw: unknown;
  try {
    const bytes = await readLimitedBytes(req, MAX_BODY_BYTES);
    if (isJson) {
      const text = bytes.toString("utf8");
      raw = text.trim() === "" ? {} : JSON.parse(text);
    } else {
      raw = await parseForm(bytes, type, req.headers.get("content-type")!);
    }
  } catch (err) {
    if (err instanceof BodyError && err.code === "payload_too_large") return tooLarge();
    if (isForm) return problem("malformed_form", "The request body is not a valid form.", { body: ["is not a valid form"] });
    return problem("malformed_json", "The request body is not valid JSON.", { body: ["is not valid JSON"] });
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return problem("invalid_request", "The request body must be a JSON object.", { body: ["must be a JSON object"] });
  }
  if (jsonProblem(raw, { maxDepth: MAX_JSON_DEPTH }) === "too_deep") {
    return problem("invalid_request", `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`, { body: ["is nested too deeply"] });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error);
    return problem("invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  }
  return { ok: true, data: parsed.data };
}

/** The body as text, refusing to buffer more than `maxBytes` whatever Content-Length claimed. */
export async function readLimited(req: Request, maxBytes: number): Promise<string> {
  return (await readLimitedBytes(req, maxBytes)).toString("utf8");
}

/** The body's bytes, reading no more than `maxBytes` (+ one chunk) off the stream: then 413. */
export async function readLimitedBytes(req: Pick<Request, "body">, maxBytes: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyError("payload_too_large", `Request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A urlencoded or multipart form's text fields, parsed from bytes already read (and capped). */
export async function parseForm(bytes: Buffer, type: string, contentType: string): Promise<Record<string, string>> {
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(bytes.toString("utf8")));
  const form = await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
  return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/**
 * What makes parsed JSON unfit to handle or store: nesting deeper than `maxDepth`, or (with
 * `rejectNul`) a NUL character in any key or string, which Postgres's jsonb refuses. Iterative, so
 * any depth is safe to ask about.
 */
export function jsonProblem(value: unknown, opts: { maxDepth: number; rejectNul?: boolean }): "too_deep" | "nul_character" | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (opts.rejectNul && v.includes("\u0000")) return "nul_character";
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth > opts.maxDepth) return "too_deep";
    for (const [k, child] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
      if (opts.rejectNul && typeof k === "string" && k.includes("\u0000")) return "nul_character";
      stack.push({ v: child, depth: depth + 1 });
    }
  }
  return null;
}

function tooLarge() {
  return problem("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { body: ["is too large"] });
}

function problem(code: ErrorCode, message: string, fields: FieldErrors): { ok: false; problem: BodyError } {
  return { ok: false, problem: new BodyError(code, message, fields) };
}
