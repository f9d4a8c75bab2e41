import { Bone, LoadingRegion } from "@/components/shop/skeleton";

/** The account pages' shape (heading, a link, a panel) while they load. */
export default function AccountLoading() {
  return (
    <LoadingRegion label="Loading your account…" className="mx-auto max-w-3xl">
      <Bone className="h-9 w-56" />
      <Bone className="mt-2 h-5 w-28" />
      <div className="mt-6 flex flex-col gap-4 rounded-xl border border-stone-200 bg-white p-6">
        <Bone className="h-6 w-40" />
        <Bone className="h-5 w-full" />
        <Bone className="h-5 w-2/3" />
        <Bone className="h-10 w-36 rounded-lg" />
      </div>
    </LoadingRegion>
  );
}
