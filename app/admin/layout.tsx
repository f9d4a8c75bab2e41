import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { NO_INDEX } from "@/lib/seo";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: NO_INDEX };

/** Every admin page: guests go to sign in, signed-in non-admins get a 404 (the area is not theirs). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "admin") notFound();
  return <div data-testid="admin-area">{children}</div>;
}
