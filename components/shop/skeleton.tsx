/**
 * Loading placeholders (the routes' loading.tsx): grey blocks shaped like the page they stand
 * for, inside one status region that tells screen readers the page is loading.
 */
export function LoadingRegion({ label = "Loading…", className, children }: { label?: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" className={className}>
      <span className="sr-only">{label}</span>
      <div aria-hidden="true">{children}</div>
    </div>
  );
}

export function Bone({ className = "" }: { className?: string }) {
  return <div className={`animate-pulse rounded-md bg-stone-200 motion-reduce:animate-none ${className}`} />;
}
