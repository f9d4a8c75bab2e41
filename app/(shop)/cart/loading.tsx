import { Bone, LoadingRegion } from "@/components/shop/skeleton";

/** The cart's shape (heading, lines, total and checkout button) while it loads. */
export default function CartLoading() {
  return (
    <LoadingRegion label="Loading your cart…" className="mx-auto max-w-3xl">
      <Bone className="mb-6 h-9 w-40" />
      <div className="flex flex-col gap-6">
        <div className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {Array.from({ length: 2 }, (_, i) => (
            <div key={i} className="flex flex-wrap items-center gap-4 p-4">
              <div className="min-w-40 flex-1">
                <Bone className="h-6 w-48" />
                <Bone className="mt-1 h-5 w-24" />
              </div>
              <Bone className="h-8 w-28" />
              <Bone className="h-6 w-24" />
            </div>
          ))}
        </div>
        <div className="flex flex-col items-end gap-3">
          <Bone className="h-7 w-40" />
          <Bone className="h-12 w-44 rounded-lg" />
        </div>
      </div>
    </LoadingRegion>
  );
}
