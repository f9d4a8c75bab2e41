import { signOutAction } from "@/app/(account)/actions";
import { AccountMenu } from "@/components/account/account-menu";
import { CartLink } from "@/components/shop/cart-link";
import { SiteHeader } from "@/components/shop/site-header";
import { unstable_rethrow } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { listCategories } from "@/lib/catalog/categories";
import { currentCart } from "@/lib/cart/session";

/** The header with its per-visitor parts: the cart count and the account menu, read here and passed down. */
export async function Header({ storeName }: { storeName: string }) {
  let user = null;
  let count = 0;
  let categories: { slug: string; name: string }[] = [];
  try {
    // The session first: it reads the request's cookies, which keeps every page with this header
    // dynamic (a prerender that failed on the database first would freeze a page as static).
    user = await getSessionUser();
    count = (await currentCart(user))?.itemCount ?? 0;
  } catch (err) {
    unstable_rethrow(err);
    // The header must render even when the session or cart cannot be read (e.g. the database is down).
  }
  try {
    categories = (await listCategories()).map((c) => ({ slug: c.slug, name: c.name }));
  } catch (err) {
    unstable_rethrow(err);
    // Without its categories the header still links the catalog.
  }
  return (
    <SiteHeader
      storeName={storeName}
      categories={categories}
      account={<AccountMenu user={user} signOut={signOutAction} />}
      accountStacked={<AccountMenu user={user} signOut={signOutAction} layout="stacked" />}
      cart={<CartLink count={count} />}
    />
  );
}
