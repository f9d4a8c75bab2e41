/**
 * The cart cookie's name: lib/cart/session.ts sets it, and the page cache in front of Next
 * (lib/http/page-cache.ts) steps aside for a request that carries it. A module of its own, so the
 * server in front of Next can read it without the cart's session code.
 */
export const CART_COOKIE_NAME = "cashline_cart";
