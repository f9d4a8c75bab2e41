import { notFound } from "next/navigation";
import { getCategoryBySlug } from "@/lib/catalog/categories";

/**
 * An unknown category answers 404. Checked here, above the page's loading boundary (loading.tsx):
 * once the skeleton has streamed, a notFound() in the page would be sent as a 200.
 */
export default async function CategoryLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  if (!(await getCategoryBySlug((await params).slug))) notFound();
  return children;
}
