import Link from "next/link";

export function SiteFooter({ storeName, testMode }: { storeName: string; testMode: boolean }) {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-stone-500 sm:flex-row sm:justify-between sm:px-6">
        <p>
          © {new Date().getFullYear()} {storeName}. Payments by Stripe.{" "}
          <Link href="/pricing" className="hover:text-brand-700">
            Membership
          </Link>
          {" · "}
          {/* A plain link: the docs are a route handler's page, not an app page to prefetch. */}
          <a href="/api/docs/" className="hover:text-brand-700">
            API docs
          </a>
        </p>
        {testMode ? <p>Test mode: pay with 4242 4242 4242 4242, any future date, any CVC.</p> : null}
      </div>
    </footer>
  );
}
