import { notFound } from "next/navigation";
import { getProductBySlug } from "@/lib/catalog";

/**
 * An unknown product answers 404. Checked here, above the page's loading boundary (loading.tsx):
 * once the skeleton has streamed, the status is sent and a notFound() in the page would be a 200.
 * The lookup is cached (lib/catalog), so the page's own read costs nothing more.
 */
export default async function ProductLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  if (!(await getProductBySlug((await params).slug))) notFound();
  return children;
}
