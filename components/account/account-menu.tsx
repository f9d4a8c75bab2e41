import Link from "next/link";
import { HideOnPaths } from "@/components/shop/hide-on-paths";
import type { SessionUser } from "@/lib/auth/types";

const AUTH_PAGES = ["/login", "/signup"];

type Props = {
  user: SessionUser | null;
  signOut: () => Promise<void>;
  /** `inline`: a row in the wide header; `stacked`: one link per line in the phone drawer. */
  layout?: "inline" | "stacked";
};

/** The header's account links: sign in / create account, or the user's name and their links. */
export function AccountMenu({ user, signOut, layout = "inline" }: Props) {
  const stacked = layout === "stacked";
  const box = stacked ? "flex flex-col border-t border-stone-100 pt-1" : "flex items-center gap-x-4";
  const link = stacked ? "rounded px-2 py-3 hover:bg-stone-50" : "whitespace-nowrap hover:text-brand-700";
  if (!user) {
    return (
      <div className={box}>
        <Link href="/pricing" className={link}>
          Membership
        </Link>
        <Link href="/login" className={link}>
          Sign in
        </Link>
        <HideOnPaths paths={AUTH_PAGES}>
          <Link
            href="/signup"
            className={stacked ? `${link} font-semibold text-brand-700` : "whitespace-nowrap rounded-lg bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700"}
          >
            Create account
          </Link>
        </HideOnPaths>
      </div>
    );
  }
  return (
    <div className={box} data-testid={stacked ? undefined : "account-menu"}>
      <Link
        href="/account"
        className={stacked ? "truncate rounded px-2 py-2 text-sm text-stone-500 hover:bg-stone-50" : "max-w-40 truncate text-stone-900 hover:text-brand-700"}
        title={`Your account (${user.email})`}
        data-testid={stacked ? undefined : "account-name"}
      >
        {user.name ?? user.email}
      </Link>
      <Link href="/orders" className={link}>
        Orders
      </Link>
      <Link href="/account/subscription" className={link}>
        Subscription
      </Link>
      {user.role === "admin" ? (
        <Link href="/admin" className={link}>
          Admin
        </Link>
      ) : null}
      <form action={signOut} className={stacked ? "flex" : undefined}>
        <button type="submit" className={stacked ? `${link} w-full text-left` : "whitespace-nowrap hover:text-brand-700"}>
          Sign out
        </button>
      </form>
    </div>
  );
}
