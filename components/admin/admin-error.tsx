"use client";

/** An admin page that failed to load: what happened, and a retry (error.tsx of the admin sections). */
export function AdminError({ what, digest, reset }: { what: string; digest?: string; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">The {what} could not be loaded.</p>
      {digest ? <p className="mt-1 text-xs">Reference: {digest}</p> : null}
      <button type="button" onClick={reset} className="mt-3 rounded-lg bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800">
        Try again
      </button>
    </div>
  );
}
