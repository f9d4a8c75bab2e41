import type { z } from "zod";
import { ApiError, zodFieldErrors } from "./responses";

export const MAX_JSON_BYTES = 64 * 1024;

/**
 * Read a JSON request body and validate it: wrong content type → 415, larger than the limit →
 * 413, malformed JSON → 400, schema failures → 400 with each field named.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json", { "content-type": ["must be application/json"] });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError(413, "payload_too_large", `Request body is larger than ${maxBytes} bytes`);
  const raw = await readLimited(req, maxBytes);
  let body: unknown;
  try {
    body = raw.length ? JSON.parse(raw) : undefined;
  } catch {
    throw new ApiError(400, "malformed_json", "The request body is not valid JSON", { body: ["is not valid JSON"] });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error);
    throw new ApiError(400, "invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  }
  return parsed.data;
}

/** The body as text, refusing to buffer more than `maxBytes` whatever Content-Length claimed. */
export async function readLimited(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError(413, "payload_too_large", `Request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
