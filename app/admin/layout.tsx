import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { signOutAction } from "@/app/(account)/actions";
import { AdminNav, type AdminSection } from "@/components/admin/admin-nav";
import { getSessionUser } from "@/lib/auth/session";
import { NO_INDEX } from "@/lib/seo";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: NO_INDEX };

/** The admin sections, in the sidebar's order. */
const SECTIONS: AdminSection[] = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/subscriptions", label: "Subscriptions" },
  { href: "/admin/webhooks", label: "Webhooks & jobs" },
  { href: "/admin/emails", label: "Emails" },
  { href: "/admin/ivr", label: "Phone payments" },
  { href: "/admin/audit", label: "Audit log" },
];

/** Every admin page: guests go to sign in, signed-in non-admins get a 404 (the area is not theirs). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "admin") notFound();
  return (
    <div data-testid="admin-area" className="grid gap-6 md:grid-cols-[12rem_minmax(0,1fr)]">
      <aside className="space-y-4 md:sticky md:top-4 md:self-start" aria-label="Admin">
        <AdminNav sections={SECTIONS} />
        <div className="border-t border-stone-200 pt-3 text-sm text-stone-600">
          <p>
            Signed in as <span className="break-all font-medium text-stone-800">{user.email}</span>
          </p>
          <form action={signOutAction} className="mt-2">
            <button type="submit" className="font-medium text-brand-700 hover:underline">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
