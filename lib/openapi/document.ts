import { z } from "zod";
import pkg from "@/package.json";
import { routeSpecOf, type RouteAuth } from "@/lib/http/route";
import { ERROR_SCHEMA_BY_CONTRACT, errorSchemas, type ErrorSchemaName } from "./schemas";
import { HTTP_METHODS, ROUTES, TAGS, type OperationDoc, type RouteEntry } from "./registry";

/**
 * The OpenAPI 3.1 document, generated from the route specs (their zod body and query schemas,
 * auth and error contract) and the registry's responses, with zod 4's own z.toJSONSchema: its
 * JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so no adapter library and no `.openapi()`
 * calls on the schemas are needed.
 */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };
type Operation = Record<string, unknown> & { responses: Record<string, unknown>; "x-cashline-route": string };

/** `x-cashline-route` names the route file of each operation (the coverage test reads it). */
export const ROUTE_FILE_KEY = "x-cashline-route";

const SECURITY_SCHEMES = {
  bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from POST /api/v1/auth/token or /api/token/obtain: `Authorization: Bearer <access>`." },
  jwtAuth: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "Seed 001's scheme (its Swagger's `jwtAuth (apiKey)`): enter `JWT <access>` (the access token from /api/token/obtain).",
  },
  ivrKey: { type: "http", scheme: "bearer", description: "An IVR key (`ivr_…`, from `npm run ivr:key` or POST /api/v1/admin/ivr-keys) as `Authorization: Bearer <key>`." },
  ivrBasic: { type: "http", scheme: "basic", description: "An IVR key as the HTTP Basic password (any user name), as Twilio's Pay Connector sends it." },
  sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The web session (sign in on /login); `__Secure-authjs.session-token` over https." },
} as const;

const USER_SECURITY = [{ bearerAuth: [] }, { jwtAuth: [] }, { sessionCookie: [] }];
function securityFor(auth: RouteAuth): unknown[] {
  switch (auth) {
    case "none":
      return [];
    case "optional":
      return [{}, ...USER_SECURITY];
    case "user":
    case "admin":
      return USER_SECURITY;
    case "ivr":
      return [{ ivrKey: [] }, { ivrBasic: [] }, ...USER_SECURITY];
  }
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

const STANDARD_ERRORS: Record<number, string> = {
  400: "Invalid input: each field named (or an unreadable body)",
  401: "No or bad credentials",
  403: "Not allowed (needs the admin role)",
  404: "Not found",
  413: "Body too large",
  415: "Unsupported content type (send JSON)",
  429: "Rate limited (Retry-After)",
};

function errorResponse(status: number, description: string, contract: ErrorSchemaName) {
  return {
    description: `${description}${contract === "ApiError" ? "" : ` (in ${contract}'s shape)`}`,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${contract}` } } },
    ...(status === 429 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } } : {}),
  };
}

/** Build the document (pure: the same input gives the same document). */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const paths: OpenApiDocument["paths"] = {};
  const usedTags = new Set<string>();
  for (const entry of ROUTES) {
    const mod = await entry.load();
    for (const method of HTTP_METHODS) {
      const doc = entry.methods[method];
      if (!doc) continue;
      const handler = mod[method];
      if (typeof handler !== "function") throw new Error(`${entry.file} documents ${method}, which it does not export`);
      const op = operation(entry, method, doc, handler);
      (paths[entry.path] ??= {})[method.toLowerCase()] = op;
      usedTags.add(entry.tag);
      for (const alias of entry.aliases ?? []) {
        if (!alias.methods.includes(method)) continue;
        (paths[alias.path] ??= {})[method.toLowerCase()] = {
          ...op,
          operationId: operationId(method, alias.path),
          tags: [alias.tag],
          description: `${op.description ? `${op.description}\n\n` : ""}Rewritten onto \`${entry.path}\` (next.config.ts); same answers.`,
          ...(alias.seed ? { "x-seed": alias.seed } : {}),
        };
        usedTags.add(alias.tag);
      }
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Cashline API",
      version: pkg.version,
      description: [
        "Cashline's JSON API: the canonical API under `/api/v1`, and the routes of the five older services it replaces (tagged `seed 000`–`seed 004`), which answer in their own shapes.",
        "",
        'Errors under `/api/v1` have one shape, `{"error": {"code", "message", "fields"?}}` (component `ApiError`); each compatibility route answers in its seed\'s shape, named on each response.',
        "",
        "Authorize with an access token from `POST /api/v1/auth/token` (bearerAuth), or seed 001's `JWT <access>` (jwtAuth), an IVR key, or the web session. Money is in integer minor units. Every answer carries `X-Request-Id`.",
      ].join("\n"),
    },
    servers: [{ url: "/", description: "this server" }],
    tags: Object.values(TAGS)
      .filter((t) => usedTags.has(t))
      .map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: Object.fromEntries(Object.entries(errorSchemas).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
      headers: { "X-Request-Id": { schema: { type: "string" }, description: "This request's id (the caller's sane X-Request-Id, else a new one), as the logs and audit log have it" } },
    },
  };
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/[{}]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)));
  return `${method.toLowerCase()}${words.map((w) => w[0].toUpperCase() + w.slice(1)).join("")}`;
}

function operation(entry: RouteEntry, method: string, doc: OperationDoc, handler: unknown): Operation {
  const spec = routeSpecOf(handler);
  const auth: RouteAuth = spec?.auth ?? doc.auth ?? "none";
  const contract = ERROR_SCHEMA_BY_CONTRACT[spec?.errors?.name ?? "canonical"] ?? "ApiError";
  const pathParams = [...entry.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

  const parameters: unknown[] = pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: "string" }, ...(doc.example?.params?.[name] && !doc.example.params[name].startsWith("$") ? { example: doc.example.params[name] } : {}) }));
  if (spec?.query) {
    const q = jsonSchema(spec.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema, ...(doc.example?.query?.[name] ? { example: doc.example.query[name] } : {}) });
    }
  }
  for (const [name, description] of Object.entries(doc.headers ?? {})) parameters.push({ name, in: "header", required: false, description, schema: { type: "string" } });

  let requestBody: unknown;
  if (spec?.body) {
    const schema = jsonSchema(spec.body, "input");
    const example = doc.example?.body !== undefined && !JSON.stringify(doc.example.body).includes("$") ? { example: doc.example.body } : {};
    requestBody = {
      required: true,
      content: {
        "application/json": { schema, ...example },
        ...(spec.forms ? { "application/x-www-form-urlencoded": { schema }, "multipart/form-data": { schema } } : {}),
      },
    };
  } else if (doc.rawBody) {
    requestBody = { required: true, description: doc.rawBody.description, content: { [doc.rawBody.contentType]: { schema: doc.rawBody.schema ? jsonSchema(doc.rawBody.schema, "input") : {} } } };
  }

  const responses: Record<string, unknown> = {};
  const requestIdHeader = { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } };
  for (const [status, res] of Object.entries(doc.responses)) {
    const type = res.contentType ?? "application/json";
    responses[status] = { description: res.description, headers: requestIdHeader, ...(res.schema || type !== "application/json" || status !== "302" ? { content: { [type]: { schema: res.schema ? jsonSchema(res.schema, "output") : {} } } } : {}) };
  }
  const errors: Record<number, string> = {};
  if (spec?.body || spec?.query || doc.rawBody) errors[400] = STANDARD_ERRORS[400];
  if (spec?.body) Object.assign(errors, { 413: STANDARD_ERRORS[413], 415: STANDARD_ERRORS[415] });
  if (auth === "user" || auth === "admin" || auth === "ivr") errors[401] = STANDARD_ERRORS[401];
  if (auth === "admin") errors[403] = STANDARD_ERRORS[403];
  if (pathParams.length) errors[404] = STANDARD_ERRORS[404];
  Object.assign(errors, doc.errors ?? {});
  for (const [status, description] of Object.entries(errors)) {
    if (!(status in responses)) responses[status] = { ...errorResponse(Number(status), description, contract), headers: { ...requestIdHeader, ...(status === "429" ? { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } : {}) } };
  }

  const seedNote = entry.seed ? `Compatibility route of seed ${entry.seed}: request and answers verbatim in that service's shapes (errors: \`${contract}\`).` : undefined;
  return {
    operationId: operationId(method, entry.path),
    summary: doc.summary,
    ...(doc.description || seedNote ? { description: [doc.description, seedNote].filter(Boolean).join("\n\n") } : {}),
    tags: [entry.tag],
    security: securityFor(auth),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(entry.seed ? { "x-seed": entry.seed } : {}),
    [ROUTE_FILE_KEY]: entry.file,
    ...(doc.example ? { "x-example": doc.example } : {}),
  } as Operation;
}

let cachedDocument: Promise<OpenApiDocument> | undefined;
/** The document, built once per process. */
export function openApiDocument(): Promise<OpenApiDocument> {
  return (cachedDocument ??= buildOpenApiDocument().catch((err) => {
    cachedDocument = undefined;
    throw err;
  }));
}
