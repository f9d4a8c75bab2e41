// One app instance as far as the catalog cache is concerned, in a process of its own, for
// tests/integration/cache-instances.postgres.test.ts: the production lib/catalog reads (cached)
// and writes, and the LISTEN started at boot (startProcessCacheSync). Run by startLineProcess.
// Commands on stdin, one per line:  read <slug>  → "price <slug> <unit amount>"
//                                   set <slug> <unit amount>  → "set <slug> <unit amount>"
//                                   page <slug>  → "page <slug> <unit amount> <hit|miss|bypass>"
// `page` asks this process's page cache (lib/http/page-cache.ts, as scripts/server.ts runs it) in
// front of a page that shows the product's price, over HTTP.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { startProcessCacheSync } from "@/lib/cache-sync";
import { getProductBySlug, updateProduct } from "@/lib/catalog";
import { startPageCache } from "@/lib/http/page-cache";

async function main() {
  await startProcessCacheSync();
  const pages = startPageCache();
  const server = http.createServer((req, res) => {
    if (pages.serve(req, res)) return;
    void getProductBySlug(decodeURIComponent(req.url!.slice("/products/".length))).then((product) => {
      res.writeHead(product ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<p data-price="${product?.unitAmount}">${product?.name}</p>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, slug, amount] = line.trim().split(" ");
    if (command === "page") {
      const res = await fetch(`${base}/products/${slug}`);
      const price = /data-price="(\d+)"/.exec(await res.text())?.[1];
      console.log(`page ${slug} ${price} ${res.headers.get("x-cashline-cache")}`);
      continue;
    }
    const product = await getProductBySlug(slug);
    if (!product) throw new Error(`no product ${slug}`);
    if (command === "read") console.log(`price ${slug} ${product.unitAmount}`);
    if (command === "set") {
      await updateProduct(product.id, { unit_amount: Number(amount) });
      console.log(`set ${slug} ${amount}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
