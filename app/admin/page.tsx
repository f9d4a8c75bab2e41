import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminDashboardPage() {
  const user = await getSessionUser();
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading" className="text-3xl font-semibold tracking-tight">
        Admin
      </h1>
      <p className="mt-2 text-stone-600">Signed in as {user?.email}. The dashboard's reports and tools arrive here.</p>
      <ul className="mt-6 list-disc pl-6">
        <li>
          <Link href="/admin/orders" className="font-medium text-brand-700 underline">
            Orders: find, export, refund
          </Link>
        </li>
        <li>
          <Link href="/admin/webhooks" className="font-medium text-brand-700 underline">
            Webhooks &amp; jobs: events, replay, queues
          </Link>
        </li>
        <li>
          <Link href="/admin/ivr" className="font-medium text-brand-700 underline">
            Phone payments (IVR): keys and transactions
          </Link>
        </li>
        <li>
          <Link href="/admin/audit" className="font-medium text-brand-700 underline">
            Audit log
          </Link>
        </li>
      </ul>
    </section>
  );
}
