import type http from "node:http";
import { LRUCache } from "lru-cache";
import { getBotType } from "next/dist/shared/lib/router/utils/is-bot";
import { CART_COOKIE_NAME } from "../cart/cookie-name";
import { onProcessTagDropped } from "../cache";

/**
 * A shared HTML cache for cookieless visitors, in front of Next (scripts/server.ts): what a CDN in
 * front of a shop does. A visitor without any of the app's cookies sees the same catalog page as
 * every other such visitor (the signed-out header with an empty cart), so the first render of an
 * allow-listed public page is kept and replayed to the next ones without running Next at all.
 *
 * - Served from the cache: GET/HEAD of an allow-listed public page (PUBLIC_PAGES) from a request
 *   with none of the app's cookies (APP_COOKIE) and no Authorization, that is not an RSC, prefetch
 *   or server-action request (NEXT_INTERNAL_HEADERS, `_rsc`). Everything else is passed through.
 * - Stored: a 200 text/html answer to such a GET without Set-Cookie, up to MAX_ENTRY_BYTES; at most
 *   MAX_ENTRIES answers and MAX_TOTAL_BYTES in all (least recently used dropped first).
 * - Dropped: all of it when any tag is dropped from the process's data cache (lib/cache.ts:
 *   a catalog write here, or another instance's heard over NOTIFY by lib/cache-sync.ts), and each
 *   entry after TTL_MS (the data cache's 30 s) in case a message was missed.
 * Each answer says `X-Cashline-Cache: hit|miss|bypass`; its X-Request-Id is not replayed (the
 * server in front sets a fresh one per request, scripts/server.ts).
 */
export const PAGE_CACHE_HEADER = "x-cashline-cache";
export const TTL_MS = 30_000;
const MAX_ENTRIES = 500;
const MAX_ENTRY_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** The pages any visitor sees alike: the catalog, products, categories, search and the info pages. */
const PUBLIC_PAGES = /^\/(?:|products\/[^/]+|c\/[^/]+|search|contact|privacy|returns|shipping|terms)$/;

/**
 * The cookies the app reads: Auth.js's (authjs.session-token and its chunks, csrf-token and
 * callback-url, with their __Secure-/__Host- variants; next-auth.* from older versions), the cart
 * (lib/cart/session.ts) and Next's draft mode.
 */
const APP_COOKIE = new RegExp(`^(?:__Secure-|__Host-)?(?:authjs\\.|next-auth\\.)|^${CART_COOKIE_NAME}$|^__prerender_bypass$|^__next_preview_data$`);

/** Headers of Next's client router and server actions: their answers are not the page's HTML. */
const NEXT_INTERNAL_HEADERS = /^(?:rsc|next-action|next-router-.*|next-url|x-nextjs-data|x-middleware-prefetch|next-hmr-refresh)$/;

/** Never replayed: per connection or per request. */
const NOT_STORED = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "x-request-id", PAGE_CACHE_HEADER]);

type CachedPage = { status: number; headers: [string, string | string[]][]; body: Buffer };

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(";").map((part) => part.split("=")[0].trim()).filter(Boolean);
}

/** The cache key of a request, or null when it must not be served from (or stored in) the cache. */
export function pageCacheKey(req: Pick<http.IncomingMessage, "method" | "url" | "headers">): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  if (!PUBLIC_PAGES.test(pathname)) return null;
  if (q !== -1 && new URLSearchParams(url.slice(q + 1)).has("_rsc")) return null;
  if (req.headers.authorization) return null;
  for (const name of Object.keys(req.headers)) if (NEXT_INTERNAL_HEADERS.test(name)) return null;
  if (cookieNames(req.headers.cookie).some((name) => APP_COOKIE.test(name))) return null;
  // Next compresses by Accept-Encoding, and renders for crawlers that read only the HTML (and
  // Lighthouse) without streaming: one entry per encoding asked for and per kind of client.
  const encoding = String(req.headers["accept-encoding"] ?? "").toLowerCase().replace(/\s+/g, "");
  const client = getBotType(String(req.headers["user-agent"] ?? "")) ?? "browser";
  return `${client} ${encoding} ${url}`;
}

export class PageCache {
  private readonly pages = new LRUCache<string, CachedPage>({
    max: MAX_ENTRIES,
    maxSize: MAX_TOTAL_BYTES,
    sizeCalculation: (page) => page.body.byteLength + 1024,
    ttl: TTL_MS,
  });

  /** Bumped on every invalidation: a render that began before it is not stored after it. */
  private generation = 0;

  /** Drops every cached page, and keeps renders in flight from being stored. */
  invalidate(): void {
    this.generation++;
    this.pages.clear();
  }

  get size(): number {
    return this.pages.size;
  }

  /**
   * Answers `req` from the cache (true), or marks `res` and, for a cacheable GET, records what Next
   * writes to it so a storable answer is kept (false: the caller hands the request to Next).
   */
  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const key = pageCacheKey(req);
    if (key === null) {
      res.setHeader(PAGE_CACHE_HEADER, "bypass");
      return false;
    }
    // HEAD is answered from the GET entry; a GET answer is what gets stored.
    const page = this.pages.get(key);
    if (page) {
      res.statusCode = page.status;
      for (const [name, value] of page.headers) res.setHeader(name, value);
      res.setHeader("Content-Length", page.body.byteLength);
      res.setHeader(PAGE_CACHE_HEADER, "hit");
      res.end(req.method === "HEAD" ? undefined : page.body);
      return true;
    }
    res.setHeader(PAGE_CACHE_HEADER, "miss");
    if (req.method === "GET") this.record(key, res);
    return false;
  }

  private record(key: string, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let storable = true;
    let headersAtWrite: http.OutgoingHttpHeaders | null = null;
    const generation = this.generation;
    const take = (chunk: unknown, encoding?: unknown) => {
      if (!storable || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      bytes += buf.byteLength;
      if (bytes > MAX_ENTRY_BYTES) storable = false;
      else chunks.push(buf);
    };
    const originalWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      // Headers given to writeHead itself are not all kept in getHeaders(): set them first.
      const given = rest.find((a) => a !== null && typeof a === "object") as http.OutgoingHttpHeaders | [string, string][] | undefined;
      if (given && !Array.isArray(given)) for (const [name, value] of Object.entries(given)) if (value !== undefined) res.setHeader(name, value);
      if (Array.isArray(given)) storable = false;
      headersAtWrite = res.getHeaders();
      return originalWriteHead(status, ...rest.filter((a) => typeof a === "string"));
    }) as typeof res.writeHead;
    const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      take(chunk, rest[0]);
      return originalWrite(chunk, ...rest);
    }) as typeof res.write;
    const originalEnd = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      take(chunk, rest[0]);
      const headers = headersAtWrite ?? res.getHeaders();
      const type = String(headers["content-type"] ?? "");
      if (storable && generation === this.generation && res.statusCode === 200 && type.startsWith("text/html") && headers["set-cookie"] === undefined) {
        this.pages.set(key, {
          status: 200,
          headers: Object.entries(headers)
            .filter(([name, value]) => value !== undefined && !NOT_STORED.has(name))
            .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)]),
          body: Buffer.concat(chunks),
        });
      }
      return originalEnd(chunk, ...rest);
    }) as typeof res.end;
    res.once("close", () => {
      // An answer cut off (client gone, stream error) is not stored: end() was never reached.
      if (!res.writableFinished) storable = false;
    });
  }
}

/**
 * The process's page cache, dropped whenever a tag leaves the process's data cache (lib/cache.ts
 * calls the hook from Next's bundle; this module is loaded by scripts/server.ts).
 */
export function startPageCache(): PageCache {
  const cache = new PageCache();
  onProcessTagDropped(() => cache.invalidate());
  return cache;
}
