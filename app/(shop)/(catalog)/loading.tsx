import { Bone, LoadingRegion } from "@/components/shop/skeleton";

/** The catalog's shape (heading, intro, category chips, search, the product grid) while it loads; a category page's too. */
export default function CatalogLoading() {
  return (
    <LoadingRegion label="Loading products…">
      <div className="mb-6">
        <Bone className="h-9 w-28" />
        <Bone className="mt-2 h-6 w-80 max-w-full" />
      </div>
      {/* The category chips. */}
      <Bone className="mb-6 h-8 w-96 max-w-full" />
      {/* The search box and sort order. */}
      <Bone className="mb-6 h-16 w-full" />
      <div className="grid grid-cols-2 gap-4 sm:gap-6 lg:grid-cols-3 xl:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm">
            <Bone className="aspect-square rounded-none" />
            <div className="flex flex-col gap-1 p-4">
              <Bone className="h-6 w-3/4" />
              <Bone className="h-6 w-16" />
            </div>
          </div>
        ))}
      </div>
    </LoadingRegion>
  );
}
