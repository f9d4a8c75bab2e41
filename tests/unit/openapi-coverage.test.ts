import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import pkg from "@/package.json";
import { buildOpenApiDocument, ROUTE_FILE_KEY } from "@/lib/openapi/document";
import { HTTP_METHODS, ROUTES } from "@/lib/openapi/registry";

/**
 * The OpenAPI document against the code: every app/**\/route.ts and every HTTP method it exports
 * is one documented operation, and the document names no file, method or URL that is not there.
 */
const root = path.resolve(__dirname, "../..");

function routeFiles(): string[] {
  return readdirSync(path.join(root, "app"), { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)route\.ts$/.test(f))
    .map((f) => `app/${f.split(path.sep).join("/")}`)
    .sort();
}

/** The methods a route file exports (`export const GET = …` / `export async function POST`). */
function exportedMethods(file: string): string[] {
  const source = readFileSync(path.join(root, file), "utf8");
  return HTTP_METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source));
}

/** The URL a route file answers at: route groups dropped, [x] and [...x] as {x}. */
function urlOf(file: string): string {
  const segments = file
    .replace(/^app\//, "")
    .replace(/\/?route\.ts$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"));
  return `/${segments.join("/")}`;
}

describe("the OpenAPI document (lib/openapi) covers every route", () => {
  it("documents each exported method of each route file, and nothing else", async () => {
    const doc = await buildOpenApiDocument();
    const documented = new Set<string>();
    for (const ops of Object.values(doc.paths)) for (const [method, op] of Object.entries(ops)) documented.add(`${method.toUpperCase()} ${op[ROUTE_FILE_KEY]}`);
    const actual = new Set(routeFiles().flatMap((f) => exportedMethods(f).map((m) => `${m} ${f}`)));
    const missing = [...actual].filter((k) => !documented.has(k));
    const extra = [...documented].filter((k) => !actual.has(k));
    expect(missing, "route methods missing from lib/openapi/registry.ts").toEqual([]);
    expect(extra, "documented operations with no such route file or method").toEqual([]);
  });

  it("gives each entry the URL its file answers at (or a rewrite of next.config.ts onto it)", async () => {
    const { beforeFiles } = (await nextConfig.rewrites!()) as { beforeFiles: { source: string; destination: string }[] };
    const rewrites = new Map(beforeFiles.map((r) => [r.source, r.destination]));
    for (const entry of ROUTES) {
      expect(existsSync(path.join(root, entry.file)), entry.file).toBe(true);
      const own = urlOf(entry.file);
      for (const url of [entry.path, ...(entry.aliases ?? []).map((a) => a.path)]) {
        const served = url.replace(/\/$/, "") === own || rewrites.get(url) === own;
        expect(served, `${url} is not where ${entry.file} answers (${own}) nor a rewrite onto it`).toBe(true);
      }
    }
    expect(new Set(ROUTES.map((r) => r.file)).size).toBe(ROUTES.length);
  });

  it("is OpenAPI 3.1 with the package's version, the security schemes and the shared error component", async () => {
    const doc = (await buildOpenApiDocument()) as Record<string, any>;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe(pkg.version);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerAuth", "ivrBasic", "ivrKey", "jwtAuth", "sessionCookie"]);
    expect(doc.components.securitySchemes.jwtAuth).toMatchObject({ type: "apiKey", in: "header", name: "Authorization" });
    // Every canonical refusal points at the one ApiError component; compatibility routes at their seed's.
    for (const [url, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops)) {
        for (const [status, res] of Object.entries(op.responses as Record<string, any>)) {
          if (Number(status) < 400 || !res.content) continue;
          const ref = res.content["application/json"]?.schema.$ref as string | undefined;
          if (!ref) continue; // an answer of its own (health's 503 body)
          if (url.startsWith("/api/v1/") && url !== "/api/v1/ivr/twilio") expect(ref, `${url} ${status}`).toBe("#/components/schemas/ApiError");
          if (op["x-seed"] === "004") expect(ref).toBe("#/components/schemas/GrpcStatus");
        }
      }
    }
    // The request schemas are the handlers' own: e.g. the cart line's quantity range and strictness.
    const cartBody = doc.paths["/api/v1/cart"].post.requestBody.content["application/json"].schema;
    expect(cartBody.required).toEqual(["product_id", "quantity"]);
    expect(cartBody.additionalProperties).toBe(false);
  });
});
