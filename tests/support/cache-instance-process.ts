// One app instance as far as the catalog cache is concerned, in a process of its own, for
// tests/integration/cache-instances.postgres.test.ts: the production lib/catalog reads (cached)
// and writes, and the LISTEN started at boot (startProcessCacheSync). Run by startLineProcess.
// Commands on stdin, one per line:  read <slug>  → "price <slug> <unit amount>"
//                                   set <slug> <unit amount>  → "set <slug> <unit amount>"
import { createInterface } from "node:readline";
import { startProcessCacheSync } from "@/lib/cache-sync";
import { getProductBySlug, updateProduct } from "@/lib/catalog";

async function main() {
  await startProcessCacheSync();
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, slug, amount] = line.trim().split(" ");
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
