import type { z } from "zod";
import { readLimited } from "./request";
import { ApiError, zodFieldErrors } from "./responses";

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyProblem = { status: 400 | 413 | 415; code: string; message: string; fields: Record<string, string[]> };
export type BodyResult<T> = { ok: true; data: T } | { ok: false; problem: BodyProblem };

/**
 * For the compatibility routes: read a body as JSON, or as a form (urlencoded or multipart, what
 * the older services' jQuery clients post), and validate it. Never throws, so each route can
 * answer in its seed's error shape. (The canonical API uses readJson from ./request.)
 */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<BodyResult<z.output<S>>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return problem(413, "payload_too_large", "The request body is too large.", { body: ["is too large"] });
  let raw: unknown;
  try {
    if (type === "application/json" || type.endsWith("+json") || type === "") {
      const text = await readLimited(req, MAX_BODY_BYTES);
      raw = text.trim() === "" ? {} : JSON.parse(text);
    } else if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
      const form = await req.formData();
      raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
    } else {
      return problem(415, "unsupported_media_type", "Send the body as application/json.", { body: [`content type ${type} is not supported`] });
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) return problem(413, "payload_too_large", "The request body is too large.", { body: ["is too large"] });
    return problem(400, "invalid_json", "The request body is not valid JSON.", { body: ["is not valid JSON"] });
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return problem(400, "invalid_request", "The request body must be a JSON object.", { body: ["must be a JSON object"] });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error);
    return problem(400, "invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  }
  return { ok: true, data: parsed.data };
}

function problem(status: BodyProblem["status"], code: string, message: string, fields: Record<string, string[]>): { ok: false; problem: BodyProblem } {
  return { ok: false, problem: { status, code, message, fields } };
}

/**
 * A body problem in Django REST framework's shape, which the older services' clients parse:
 * {"<field>": ["This field is required."]}, or {"detail": "..."} for an unreadable body.
 */
export function drfErrorBody(problem: BodyProblem): Record<string, string[] | string> {
  const fieldNames = Object.keys(problem.fields).filter((k) => k !== "body");
  if (fieldNames.length === 0) return { detail: problem.message };
  return Object.fromEntries(fieldNames.map((k) => [k, problem.fields[k]]));
}
