export function SiteFooter({ storeName }: { storeName: string }) {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-stone-500 sm:flex-row sm:justify-between sm:px-6">
        <p>
          © {new Date().getFullYear()} {storeName}. Payments by Stripe.
        </p>
        <p>
          <a href="/api/docs" className="hover:text-stone-700">
            API
          </a>
        </p>
      </div>
    </footer>
  );
}
