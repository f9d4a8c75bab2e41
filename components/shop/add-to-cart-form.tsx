"use client";

import Link from "next/link";
import { useId, useRef, useState, useTransition } from "react";
import type { CartDto } from "@/lib/cart";
import type { ActionResult } from "@/lib/http/action";

type AddToCart = (input: { productId: string; quantity: number }) => Promise<ActionResult<CartDto>>;

const stepButton =
  "flex h-11 w-11 items-center justify-center text-lg text-stone-800 hover:bg-stone-100 disabled:cursor-not-allowed disabled:text-stone-400 disabled:hover:bg-transparent";

export function AddToCartForm({ productId, maxQuantity, addToCart }: { productId: string; maxQuantity: number; addToCart: AddToCart }) {
  // The field's text as typed; the quantity sent is it read and kept within 1…maxQuantity.
  const [text, setText] = useState("1");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);
  const inputId = useId();
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
        if (busy.current) return;
        busy.current = true;
        setText(String(quantity));
        setMessage(null);
        startTransition(async () => {
          try {
            const result = await addToCart({ productId, quantity });
            setMessage(result.ok ? { kind: "ok", text: "Added to your cart." } : { kind: "error", text: result.error });
          } finally {
            busy.current = false;
          }
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium text-stone-700">
            Quantity
          </label>
          <div className="flex h-11 items-stretch overflow-hidden rounded-lg border border-stone-500 bg-white">
            <button type="button" aria-label="Decrease quantity" aria-controls={inputId} className={stepButton} disabled={quantity <= 1} onClick={() => step(-1)}>
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
              value={text}
              onChange={(e) => setText(e.target.value)}
              onBlur={() => setText(String(quantity))}
              className="w-14 border-x border-stone-500 text-center tabular-nums [appearance:textfield] [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none"
            />
            <button type="button" aria-label="Increase quantity" aria-controls={inputId} className={stepButton} disabled={quantity >= maxQuantity} onClick={() => step(1)}>
              +
            </button>
          </div>
        </div>
        <button
          type="submit"
          aria-disabled={pending || undefined}
          className="h-11 rounded-lg bg-brand-600 px-5 font-medium text-white hover:bg-brand-700 aria-disabled:opacity-60"
        >
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={message?.kind === "error" ? "min-h-5 text-sm text-red-700" : "min-h-5 text-sm text-brand-700"}>
        {message?.text}
        {message?.kind === "ok" ? (
          <>
            {" "}
            <Link href="/cart" className="underline">
              View cart
            </Link>
          </>
        ) : null}
      </p>
    </form>
  );
}
