/** A table's shape while its page loads (loading.tsx of the admin lists). */
export function TableSkeleton({ title, rows = 8 }: { title: string; rows?: number }) {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading {title}…</p>
      <div className="h-4 w-40 animate-pulse rounded bg-stone-200" />
      <div className="h-9 w-56 animate-pulse rounded bg-stone-200" />
      <div className="space-y-2">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-8 animate-pulse rounded bg-stone-100" />
        ))}
      </div>
    </div>
  );
}
