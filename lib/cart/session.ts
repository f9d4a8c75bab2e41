import "server-only";
import { getIronSession, type IronSession } from "iron-session";
import { cookies } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { CART_COOKIE_NAME } from "./cookie-name";
import { clearCart, createCart, findCart, findCartView, getCartView, getOrCreateUserCart, mergeCarts, type CartView } from "./index";

/**
 * Which cart a request works on. The browser holds only the cart id, sealed in an HttpOnly
 * iron-session cookie; a signed-in user's cart belongs to the account instead.
 */
type CartCookie = { cartId?: string };

async function cartCookie(): Promise<IronSession<CartCookie>> {
  const config = env();
  return getIronSession<CartCookie>(await cookies(), {
    password: config.sessionSecret,
    cookieName: CART_COOKIE_NAME,
    ttl: 60 * 60 * 24 * 30,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config.appUrl.startsWith("https://"), path: "/" },
  });
}

type CartOwner = { id: string } | null;

/** The given owner, or (when the caller did not say) the signed-in user of the request. */
async function ownerOf(user: CartOwner | undefined): Promise<CartOwner> {
  return user === undefined ? getSessionUser() : user;
}

/**
 * The cart a request reads: a signed-in user's own cart (created on first use, as every account
 * has one), or the guest cookie's cart if it still exists; null for a guest without one. No
 * cookie is set here.
 */
export async function currentCartId(user?: CartOwner): Promise<string | null> {
  const owner = await ownerOf(user);
  if (owner) return (await getOrCreateUserCart(owner.id)).id;
  const session = await cartCookie();
  if (!session.cartId) return null;
  return (await findCart(session.cartId)) ? session.cartId : null;
}

/** The cart id for a change, creating the cart (and its cookie) when needed. */
export async function ensureCartId(user?: CartOwner): Promise<string> {
  const existing = await currentCartId(user);
  if (existing) return existing;
  const cart = await createCart();
  const session = await cartCookie();
  session.cartId = cart.id;
  await session.save();
  return cart.id;
}

/** The request's cart, priced, or null for a guest without one (every page and route that shows it). */
export async function currentCart(user?: CartOwner): Promise<CartView | null> {
  const owner = await ownerOf(user);
  if (owner) return getCartView((await getOrCreateUserCart(owner.id)).id);
  // A guest's: one query, the cart and its lines (null once the cart is gone).
  const { cartId } = await cartCookie();
  return cartId ? findCartView(cartId) : null;
}

/**
 * A change to the request's cart, then the cart as it is after it (the cart and its cookie are
 * created when needed): every cart change (the API, the cart and product pages, seed 003's POST).
 */
export async function changeCart(user: CartOwner | undefined, change: (cartId: string) => Promise<void>): Promise<CartView> {
  const cartId = await ensureCartId(user);
  await change(cartId);
  return getCartView(cartId);
}

/** Empty the request's cart: the cart after it, or null for a guest without one (no cart is made). */
export async function clearCurrentCart(user?: CartOwner): Promise<CartView | null> {
  const cartId = await currentCartId(user);
  if (!cartId) return null;
  await clearCart(cartId);
  return getCartView(cartId);
}

/** At sign-in: merge the guest cart into the user's cart and forget the guest cookie. */
export async function adoptGuestCartAtLogin(userId: string): Promise<void> {
  const session = await cartCookie();
  const guestCartId = session.cartId;
  const userCart = await getOrCreateUserCart(userId);
  if (guestCartId) {
    const guestCart = await findCart(guestCartId);
    if (guestCart && !guestCart.userId) await mergeCarts(guestCartId, userCart.id);
    session.destroy();
  }
}
