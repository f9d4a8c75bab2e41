import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };
export const dynamic = "force-dynamic";

const LINKS = [
  { href: "/orders", title: "Orders", text: "What you bought, its receipts and status." },
  { href: "/account/subscription", title: "Membership", text: "Your Basic or Pro plan: change, pay or cancel it." },
  { href: "/account/addresses", title: "Addresses", text: "Where you ship to; the default one fills in your checkout." },
  { href: "/account/password", title: "Password", text: "Change your password (signs you out on every device)." },
];

export default async function AccountPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount");
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
      <p className="mt-2 text-sm text-stone-600">
        Signed in as <span className="font-medium text-stone-900">{user.email}</span>
      </p>
      <ul className="mt-6 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link href={l.href} className="block px-4 py-3 hover:bg-stone-50">
              <span className="font-medium text-brand-700">{l.title}</span>
              <span className="mt-0.5 block text-sm text-stone-600">{l.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
