import { readFile } from "node:fs/promises";
import path from "node:path";
import { runtimeSecurityHeaders } from "@/lib/security-headers";

/**
 * The API docs page (/api/docs, /api/docs/): Swagger UI from the swagger-ui-dist package, every
 * file served from this origin (no CDN), under the same Content-Security-Policy as the pages
 * (lib/security-headers.ts): the UI needs nothing it does not allow — scripts and styles from
 * 'self', data: images, fetches to 'self' — so the policy is not widened for it.
 */
export const DOCS_ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

function pageHeaders(contentType: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    ...runtimeSecurityHeaders(),
  };
}

const BASE = "/api/docs/assets";

export function docsPage(): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cashline API docs</title>
<link rel="icon" type="image/png" href="${BASE}/favicon-32x32.png">
<link rel="stylesheet" href="${BASE}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${BASE}/swagger-ui-bundle.js"></script>
<script src="${BASE}/swagger-ui-standalone-preset.js"></script>
<script src="${BASE}/init.js"></script>
</body>
</html>
`;
  return new Response(html, { headers: { ...pageHeaders("text/html; charset=utf-8"), "Cache-Control": "no-store" } });
}

// Swagger UI's start: the document from this origin, "Try it out" against it, Authorize kept across reloads.
const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    validatorUrl: null,
    withCredentials: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
});
`;

/** One of the UI's files, or null for any other name. */
export async function docsAsset(name: string): Promise<Response | null> {
  if (name === "init.js") return new Response(INIT, { headers: { ...pageHeaders("text/javascript; charset=utf-8"), "Cache-Control": "no-cache" } });
  const type = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
  if (!type) return null;
  const file = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", name));
  return new Response(new Uint8Array(file), { headers: { ...pageHeaders(type), "Cache-Control": "public, max-age=3600" } });
}
