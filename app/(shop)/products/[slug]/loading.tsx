import { Bone, LoadingRegion } from "@/components/shop/skeleton";

/** The product page's shape (image and thumbnails, breadcrumb, name, price, text, availability, quantity and button) while it loads. */
export default function ProductLoading() {
  return (
    <LoadingRegion label="Loading product…" className="grid gap-10 md:grid-cols-2">
      <div className="flex flex-col gap-3">
        <Bone className="aspect-square w-full rounded-2xl" />
        <div className="flex gap-3">
          <Bone className="h-20 w-20 rounded-lg" />
          <Bone className="h-20 w-20 rounded-lg" />
          <Bone className="h-20 w-20 rounded-lg" />
        </div>
      </div>
      <div className="mt-0 flex flex-col gap-5">
        <Bone className="h-5 w-40" />
        <Bone className="h-9 w-2/3" />
        <Bone className="h-8 w-24" />
        <div className="flex flex-col gap-2">
          <Bone className="h-5 w-full" />
          <Bone className="h-5 w-5/6" />
        </div>
        <Bone className="h-5 w-20" />
        <div className="flex items-end gap-3">
          <div className="flex flex-col gap-1">
            <Bone className="h-5 w-16" />
            <Bone className="h-11 w-36 rounded-lg" />
          </div>
          <Bone className="h-11 w-32 rounded-lg" />
        </div>
      </div>
    </LoadingRegion>
  );
}
