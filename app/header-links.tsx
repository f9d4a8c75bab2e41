import { signOutAction } from "@/app/(account)/actions";
import { AccountMenu } from "@/components/account/account-menu";
import { CartLink } from "@/components/shop/cart-link";
import { getSessionUser } from "@/lib/auth/session";
import { getCartView } from "@/lib/cart";
import { currentCartId } from "@/lib/cart/session";

/** The header's per-visitor part: the cart count and the account menu, read here and passed down. */
export async function HeaderLinks() {
  let user = null;
  let count = 0;
  try {
    user = await getSessionUser();
    const cartId = await currentCartId(user);
    if (cartId) count = (await getCartView(cartId)).itemCount;
  } catch {
    // The header must render even when the session or cart cannot be read (e.g. the database is down).
  }
  return (
    <>
      <CartLink count={count} />
      <AccountMenu user={user} signOut={signOutAction} />
    </>
  );
}
