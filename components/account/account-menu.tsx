import Link from "next/link";
import type { SessionUser } from "@/lib/auth/types";

/** The header's account links: sign in / create account, or the user's name and their links. */
export function AccountMenu({ user, signOut }: { user: SessionUser | null; signOut: () => Promise<void> }) {
  if (!user) {
    return (
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <Link href="/pricing" className="hover:text-brand-700">
          Membership
        </Link>
        <Link href="/login" className="hover:text-brand-700">
          Sign in
        </Link>
        <Link href="/signup" className="rounded-lg bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
          Create account
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1" data-testid="account-menu">
      <span className="max-w-40 truncate text-stone-900" title={user.email} data-testid="account-name">
        {user.name ?? user.email}
      </span>
      <Link href="/orders" className="hover:text-brand-700">
        Orders
      </Link>
      <Link href="/account/subscription" className="hover:text-brand-700">
        Subscription
      </Link>
      {user.role === "admin" ? (
        <Link href="/admin" className="hover:text-brand-700">
          Admin
        </Link>
      ) : null}
      <form action={signOut}>
        <button type="submit" className="hover:text-brand-700">
          Sign out
        </button>
      </form>
    </div>
  );
}
