"use client";

import { useId, useRef, useState, useTransition } from "react";
import type { CartDto } from "@/lib/cart";
import type { Availability } from "@/lib/catalog";
import type { ActionResult } from "@/lib/http/action";
import { useShowCart } from "./cart-drawer";

type AddToCart = (input: { productId: string; quantity: number }) => Promise<ActionResult<CartDto>>;

const stepButton =
  "flex h-11 w-11 items-center justify-center text-lg text-stone-800 hover:bg-stone-100 disabled:cursor-not-allowed disabled:text-stone-400 disabled:hover:bg-transparent";

const availabilityColour: Record<Availability["status"], string> = {
  in_stock: "text-brand-700",
  low_stock: "text-amber-800",
  out_of_stock: "text-red-700",
};

/**
 * The product page's quantity stepper, availability and Add to cart button. Out of stock, the
 * button is disabled; otherwise the quantity is kept within 1…availability.max. A successful add
 * opens the cart drawer (focus moves into it, and comes back to the button when it closes).
 */
export function AddToCartForm({ productId, availability, addToCart }: { productId: string; availability: Availability; addToCart: AddToCart }) {
  // The field's text as typed; the quantity sent is it read and kept within 1…maxQuantity.
  const [text, setText] = useState("1");
  const [error, setError] = useState<{ text: string; quantity: boolean } | null>(null);
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);
  const submit = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const availabilityId = useId();
  const errorId = useId();
  const showCart = useShowCart();
  const soldOut = availability.status === "out_of_stock";
  const maxQuantity = Math.max(1, availability.max);
  const clamp = (n: number) => Math.min(maxQuantity, Math.max(1, Number.isFinite(n) ? Math.trunc(n) : 1));
  const quantity = clamp(Number(text));
  const step = (delta: number) => setText(String(clamp(quantity + delta)));

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        // The button stays enabled (aria-disabled) while adding, so focus stays on it rather than
        // falling to <body>; a second press while one is on its way does nothing.
        if (busy.current || soldOut) return;
        busy.current = true;
        setText(String(quantity));
        setError(null);
        startTransition(async () => {
          try {
            const result = await addToCart({ productId, quantity });
            if (result.ok) showCart(result.data, { message: "Added to your cart.", opener: submit.current });
            else setError(result.fields?.quantity ? { text: `${result.error} Choose fewer and try again.`, quantity: true } : { text: result.error, quantity: false });
          } finally {
            busy.current = false;
          }
        });
      }}
    >
      <p id={availabilityId} data-testid="availability" className={`text-sm font-medium ${availabilityColour[availability.status]}`}>
        {availability.label}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium text-stone-700">
            Quantity
          </label>
          <div className="flex h-11 items-stretch overflow-hidden rounded-lg border border-stone-500 bg-white">
            <button type="button" aria-label="Decrease quantity" aria-controls={inputId} className={stepButton} disabled={soldOut || quantity <= 1} onClick={() => step(-1)}>
              −
            </button>
            <input
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={maxQuantity}
              step={1}
              required
              disabled={soldOut}
              aria-invalid={error?.quantity || undefined}
              aria-describedby={error?.quantity ? errorId : undefined}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onBlur={() => setText(String(quantity))}
              className="w-14 border-x border-stone-500 text-center tabular-nums [appearance:textfield] [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none"
            />
            <button type="button" aria-label="Increase quantity" aria-controls={inputId} className={stepButton} disabled={soldOut || quantity >= maxQuantity} onClick={() => step(1)}>
              +
            </button>
          </div>
        </div>
        <button
          ref={submit}
          type="submit"
          disabled={soldOut}
          aria-disabled={pending || undefined}
          aria-describedby={availabilityId}
          className="h-11 rounded-lg bg-brand-600 px-5 font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-stone-300 disabled:text-stone-700 aria-disabled:opacity-60"
        >
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p id={errorId} role="alert" className="min-h-5 text-sm text-red-700">
        {error?.text}
      </p>
    </form>
  );
}
