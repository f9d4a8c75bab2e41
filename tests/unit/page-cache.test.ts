import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateTag } from "@/lib/cache";
import { pageCacheKey, startPageCache, type PageCache } from "@/lib/http/page-cache";

const req = (url: string, headers: http.IncomingHttpHeaders = {}, method = "GET") => ({ method, url, headers });

describe("which requests the page cache may answer", () => {
  it.each([
    ["/", {}],
    ["/?sort=price_asc&page=2", {}],
    ["/products/stoneware-mug", {}],
    ["/c/desk", {}],
    ["/search?q=mug", {}],
    ["/shipping", {}],
    ["/", { cookie: "_ga=GA1.1.1; theme=dark" }],
  ])("%s with %j: cacheable", (url, headers) => {
    expect(pageCacheKey(req(url, headers))).not.toBeNull();
  });

  it.each([
    ["the session cookie", "/", { cookie: "authjs.session-token=x" }],
    ["the https session cookie", "/", { cookie: "a=b; __Secure-authjs.session-token=x" }],
    ["a chunk of the session cookie", "/", { cookie: "__Secure-authjs.session-token.0=x" }],
    ["the CSRF cookie", "/", { cookie: "__Host-authjs.csrf-token=x" }],
    ["the cart cookie", "/products/stoneware-mug", { cookie: "cashline_cart=sealed" }],
    ["draft mode", "/", { cookie: "__prerender_bypass=1" }],
    ["a bearer token", "/", { authorization: "Bearer x" }],
    ["an RSC request", "/", { rsc: "1" }],
    ["a prefetch", "/", { "next-router-prefetch": "1" }],
    ["a server action", "/", { "next-action": "abc" }],
    ["an _rsc query", "/?_rsc=1a2b", {}],
    ["a signed-in area", "/orders", {}],
    ["the cart page", "/cart", {}],
    ["a nested path", "/products/a/b", {}],
    ["a look-alike path", "/searching", {}],
  ])("%s: never", (_, url, headers) => {
    expect(pageCacheKey(req(url, headers))).toBeNull();
  });

  it("is never a write, and keys by the encoding asked for", () => {
    expect(pageCacheKey(req("/", {}, "POST"))).toBeNull();
    expect(pageCacheKey(req("/", { "accept-encoding": "gzip" }))).not.toBe(pageCacheKey(req("/", {})));
    expect(pageCacheKey(req("/", {}, "HEAD"))).toBe(pageCacheKey(req("/", {})));
    // Next renders for HTML-only crawlers (and Lighthouse) without streaming.
    const chrome = pageCacheKey(req("/", { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" }));
    expect(pageCacheKey(req("/", { "user-agent": "Mozilla/5.0 (compatible; Twitterbot/1.0)" }))).not.toBe(chrome);
    expect(pageCacheKey(req("/", { "user-agent": "Mozilla/5.0 Chrome/131.0 Safari/537.36 Chrome-Lighthouse" }))).not.toBe(chrome);
  });
});

describe("the page cache in front of a server", () => {
  let server: http.Server;
  let base: string;
  let pages: PageCache;
  let renders = 0;
  let release: (() => void) | null = null;

  beforeAll(async () => {
    pages = startPageCache();
    server = http.createServer((rq, rs) => {
      if (pages.serve(rq, rs)) return;
      renders++;
      const url = new URL(rq.url!, "http://x");
      if (url.searchParams.has("cookie")) rs.setHeader("Set-Cookie", "cashline_cart=new; Path=/");
      rs.setHeader("X-Content-Type-Options", "nosniff");
      rs.setHeader("X-Request-Id", `render-${renders}`);
      rs.writeHead(url.searchParams.has("missing") ? 404 : 200, { "Content-Type": url.searchParams.has("json") ? "application/json" : "text/html; charset=utf-8" });
      rs.write(`<p>render ${renders}</p>`);
      // A streamed page: the rest comes later, when the test says so (when it holds the render).
      if (url.searchParams.has("hold") && !release) release = () => rs.end("<p>end</p>");
      else rs.end("<p>end</p>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, cache: res.headers.get("x-cashline-cache"), id: res.headers.get("x-request-id"), nosniff: res.headers.get("x-content-type-options"), body: await res.text() };
  };

  it("replays a stored page with its headers, and a catalog tag drop empties it", async () => {
    const first = await get("/shipping");
    expect(first).toMatchObject({ status: 200, cache: "miss", id: "render-1" });
    const second = await get("/shipping");
    expect(second).toMatchObject({ status: 200, cache: "hit", nosniff: "nosniff", body: first.body });
    // The request id is the server's, per request (scripts/server.ts): never replayed.
    expect(second.id).toBeNull();
    // lib/cache.ts's process cache tells the page cache through globalThis.
    invalidateTag("catalog");
    expect(await get("/shipping")).toMatchObject({ cache: "miss" });
    expect(pages.size).toBe(1);
  });

  it("does not store answers with a cookie, of another type, or not 200", async () => {
    for (const path of ["/terms?cookie=1", "/terms?json=1", "/terms?missing=1"]) {
      await get(path);
      expect((await get(path)).cache, path).toBe("miss");
    }
  });

  it("does not store a render that was in flight when the catalog changed", async () => {
    const pending = fetch(`${base}/returns?hold=1`).then((res) => res.text());
    await expect.poll(() => release !== null).toBe(true);
    invalidateTag("catalog");
    release!();
    await pending;
    expect((await get("/returns?hold=1")).cache).toBe("miss");
  });
});
