"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { CartDto } from "@/lib/cart";
import type { ActionResult } from "@/lib/http/action";
import { CartLines } from "./cart-lines";
import { EmptyCart } from "./empty-cart";

type SetQuantity = (input: { productId: string; quantity: number }) => Promise<ActionResult<CartDto>>;

type ShowCart = (cart: CartDto, opts?: { message?: string; opener?: HTMLElement | null }) => void;

const CartDrawerContext = createContext<ShowCart | null>(null);

/** Open the cart drawer with this cart (e.g. the one an add-to-cart action answered with). */
export function useShowCart(): ShowCart {
  const show = useContext(CartDrawerContext);
  if (!show) throw new Error("useShowCart needs a CartDrawerProvider above it");
  return show;
}

/**
 * The slide-over cart, on every screen size: a modal <dialog> opened with showModal(), so the
 * browser moves focus into it, makes the page behind inert and closes it on Escape; Tab wraps
 * around its controls (the one thing the browser leaves to us). Closing returns focus to the element that opened it; the page does not scroll while it
 * is open (globals.css). Following a link in it (Checkout, View cart, a product) closes it. Its
 * contents are rendered only while open, so the cart page's own lines are the only ones on /cart.
 */
export function CartDrawerProvider({ setQuantity, maxQuantity, children }: { setQuantity: SetQuantity; maxQuantity: number; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [cart, setCart] = useState<CartDto | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const pathname = usePathname();

  const show = useCallback<ShowCart>((next, opts) => {
    opener.current = opts?.opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    setCart(next);
    setMessage(opts?.message ?? null);
  }, []);

  // Open once the contents are rendered, so showModal() finds the close button to focus. When a
  // change removed the focused control (the last line's Remove), focus goes to the close button.
  useEffect(() => {
    const el = dialog.current;
    if (!cart || !el) return;
    if (!el.open) el.showModal();
    else if (!el.contains(document.activeElement)) el.querySelector<HTMLElement>("button")?.focus();
  }, [cart]);

  const close = useCallback(() => dialog.current?.close(), []);
  useEffect(close, [pathname, close]);

  const onClose = () => {
    setCart(null);
    setMessage(null);
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
  };

  const value = useMemo(() => show, [show]);
  return (
    <CartDrawerContext.Provider value={value}>
      {children}
      <dialog
        ref={dialog}
        data-cart-drawer=""
        aria-labelledby="cart-drawer-title"
        aria-modal="true"
        onClose={onClose}
        onKeyDown={(e) => {
          // The page behind is inert, but the browser would Tab on past the last control (into its
          // own toolbar): wrap around instead, both ways.
          if (e.key !== "Tab") return;
          const controls = [...e.currentTarget.querySelectorAll<HTMLElement>("a[href], button:not(:disabled), input:not(:disabled)")];
          const first = controls[0];
          const last = controls[controls.length - 1];
          if (!first) return;
          if (e.shiftKey && document.activeElement === first) {
            e.preventDefault();
            last.focus();
          } else if (!e.shiftKey && document.activeElement === last) {
            e.preventDefault();
            first.focus();
          }
        }}
        onClick={(e) => {
          // A click on the backdrop (outside the panel) closes it, as on other slide-overs.
          if (e.target === e.currentTarget) close();
        }}
        className="cart-drawer fixed inset-y-0 left-auto right-0 m-0 h-dvh max-h-none w-full max-w-md bg-white p-0 text-stone-900 shadow-2xl backdrop:bg-stone-900/40"
      >
        {cart ? (
          <div className="flex h-full flex-col">
            <div className="flex items-center justify-between gap-3 border-b border-stone-200 px-5 py-4">
              <h2 id="cart-drawer-title" className="text-xl font-semibold tracking-tight">
                Your cart
              </h2>
              <button
                type="button"
                onClick={close}
                className="inline-flex h-10 w-10 items-center justify-center rounded-lg text-stone-700 hover:bg-stone-100"
              >
                <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
                  <path d="M6 6l12 12M18 6L6 18" />
                </svg>
                <span className="sr-only">Close cart</span>
              </button>
            </div>
            <div
              className="flex-1 overflow-y-auto px-5 py-4"
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a")) close();
              }}
            >
              <p role="status" className="mb-2 min-h-5 text-sm font-medium text-brand-700">
                {message}
              </p>
              {cart.items.length === 0 ? (
                <EmptyCart />
              ) : (
                <CartLines cart={cart} maxQuantity={maxQuantity} setQuantity={setQuantity} onUpdated={setCart} variant="drawer" />
              )}
            </div>
          </div>
        ) : null}
      </dialog>
    </CartDrawerContext.Provider>
  );
}
