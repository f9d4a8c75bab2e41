"use client";

import Image from "next/image";
import Link from "next/link";
import { useOptimistic, useState, useTransition } from "react";
import type { CartDto } from "@/lib/cart";
import type { ActionResult } from "@/lib/http/action";
import { formatMoney } from "@/lib/money";

type Change = { productId: string; quantity: number };

function applyChange(cart: CartDto, change: Change): CartDto {
  const items = cart.items
    .map((i) => (i.product_id === change.productId ? { ...i, quantity: change.quantity, amount: i.unit_amount * change.quantity } : i))
    .filter((i) => i.quantity > 0);
  return {
    ...cart,
    items,
    item_count: items.reduce((n, i) => n + i.quantity, 0),
    subtotal: items.reduce((n, i) => n + i.amount, 0),
  };
}

/** The cart's lines with quantity controls; changes show at once and are confirmed by the server. */
type SetQuantity = (input: { productId: string; quantity: number }) => Promise<ActionResult<CartDto>>;

type Props = {
  cart: CartDto;
  maxQuantity: number;
  setQuantity: SetQuantity;
  /** The cart as the server confirmed it after a change (the drawer keeps it; the page is re-rendered). */
  onUpdated?: (cart: CartDto) => void;
  /** The cart page, or the narrower cart drawer (its footer adds the note and a "View cart" link). */
  variant?: "page" | "drawer";
};

export function CartLines({ cart, maxQuantity, setQuantity, onUpdated, variant = "page" }: Props) {
  const [optimistic, applyOptimistic] = useOptimistic(cart, applyChange);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const drawer = variant === "drawer";

  const change = (productId: string, quantity: number) => {
    setError(null);
    startTransition(async () => {
      applyOptimistic({ productId, quantity });
      const result = await setQuantity({ productId, quantity });
      if (!result.ok) setError(result.error);
      else if (onUpdated) startTransition(() => onUpdated(result.data));
    });
  };

  return (
    <div className={drawer ? "flex flex-col gap-4" : "flex flex-col gap-6"}>
      <ul role="list" aria-label="Cart items" className={drawer ? "divide-y divide-stone-200" : "divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"}>
        {optimistic.items.map((item) => (
          <li key={item.product_id} className={drawer ? "flex flex-wrap items-center gap-x-3 gap-y-2 py-4" : "flex flex-wrap items-center gap-4 p-4"} aria-label={item.name}>
            <Image
              src={item.image}
              alt=""
              width={64}
              height={64}
              className="h-16 w-16 shrink-0 rounded-lg border border-stone-200 bg-stone-100 object-cover"
              unoptimized
            />
            <div className={drawer ? "min-w-0 flex-1 basis-32" : "min-w-40 flex-1"}>
              <Link href={`/products/${item.slug}`} className="font-medium hover:underline">
                {item.name}
              </Link>
              <p className="text-sm text-stone-600">{formatMoney(item.unit_amount, optimistic.currency)} each</p>
            </div>
            <div className="flex items-center gap-2" role="group" aria-label={`Quantity of ${item.name}`}>
              <button
                type="button"
                className="h-8 w-8 rounded-lg border border-stone-500 hover:bg-stone-100"
                aria-label={`Decrease quantity of ${item.name}`}
                onClick={() => change(item.product_id, item.quantity - 1)}
              >
                −
              </button>
              <span data-testid="line-quantity" className="w-8 text-center tabular-nums" aria-live="polite">
                {item.quantity}
              </span>
              <button
                type="button"
                className="h-8 w-8 rounded-lg border border-stone-500 hover:bg-stone-100 disabled:opacity-40"
                aria-label={`Increase quantity of ${item.name}`}
                disabled={item.quantity >= maxQuantity}
                onClick={() => change(item.product_id, item.quantity + 1)}
              >
                +
              </button>
            </div>
            <p data-testid="line-total" className={drawer ? "ml-auto w-20 text-right font-medium tabular-nums" : "w-24 text-right font-medium tabular-nums"}>
              {formatMoney(item.amount, optimistic.currency)}
            </p>
            <button type="button" className="text-sm text-stone-600 underline hover:text-red-700" onClick={() => change(item.product_id, 0)}>
              Remove<span className="sr-only"> {item.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {optimistic.items.length === 0 ? (
        <p className="text-stone-600">Your cart is empty.</p>
      ) : (
        <div className={drawer ? "flex flex-col gap-3 border-t border-stone-200 pt-4" : "flex flex-col items-end gap-3"}>
          <p className={drawer ? "flex justify-between text-lg" : "text-lg"}>
            Subtotal:{" "}
            <span data-testid="cart-subtotal" className="font-semibold tabular-nums">
              {formatMoney(optimistic.subtotal, optimistic.currency)}
            </span>
          </p>
          {drawer ? <p className="text-sm text-stone-600">Shipping and taxes calculated at checkout.</p> : null}
          <Link href="/checkout" className={drawer ? "rounded-lg bg-brand-600 px-6 py-3 text-center font-medium text-white hover:bg-brand-700" : "rounded-lg bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700"}>
            Checkout
          </Link>
          {drawer ? (
            <Link href="/cart" className="text-center font-medium text-brand-700 underline">
              View cart
            </Link>
          ) : null}
        </div>
      )}
    </div>
  );
}
