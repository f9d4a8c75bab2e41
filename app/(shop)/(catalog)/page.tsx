import { ProductCard } from "@/components/shop/product-card";
import { listProducts } from "@/lib/catalog";

// Rendered per request from the database; the catalog read itself is cached in lib/catalog.
export const dynamic = "force-dynamic";

export default async function CatalogPage() {
  const products = await listProducts();
  return (
    <section aria-labelledby="catalog-heading">
      <div className="mb-8">
        <h1 id="catalog-heading" className="text-3xl font-semibold tracking-tight">
          Shop
        </h1>
        <p className="mt-2 text-stone-600">Well-made things for the desk and the kitchen.</p>
      </div>
      {products.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          The catalog is empty. Run <code>npm run db:seed</code> to add the demo products.
        </p>
      ) : (
        <ul role="list" aria-label="Products" className="grid grid-cols-1 gap-6 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {products.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </ul>
      )}
    </section>
  );
}
