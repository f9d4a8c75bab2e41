import { Bone, LoadingRegion } from "@/components/shop/skeleton";

/** The orders list's shape (heading, a few order rows) while it loads. */
export default function OrdersLoading() {
  return (
    <LoadingRegion label="Loading your orders…" className="mx-auto max-w-3xl">
      <Bone className="h-9 w-48" />
      <div className="mt-6 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="flex flex-wrap items-center justify-between gap-3 p-4">
            <div>
              <Bone className="h-6 w-32" />
              <Bone className="mt-1 h-5 w-48" />
            </div>
            <Bone className="h-6 w-36" />
          </div>
        ))}
      </div>
    </LoadingRegion>
  );
}
