/** The store's information pages (footer links): one readable column. */
export default function InfoLayout({ children }: { children: React.ReactNode }) {
  return <article className="mx-auto flex max-w-2xl flex-col gap-4 leading-relaxed text-stone-700 [&_h1]:text-3xl [&_h1]:font-semibold [&_h1]:tracking-tight [&_h1]:text-stone-900 [&_h2]:mt-4 [&_h2]:text-lg [&_h2]:font-semibold [&_h2]:text-stone-900 [&_a]:text-brand-700 [&_a]:underline">{children}</article>;
}
