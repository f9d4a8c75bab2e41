"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { CartDto } from "@/lib/cart";
import type { ActionResult } from "@/lib/http/action";

type AddToCart = (input: { productId: string; quantity: number }) => Promise<ActionResult<CartDto>>;

export function AddToCartForm({ productId, maxQuantity, addToCart }: { productId: string; maxQuantity: number; addToCart: AddToCart }) {
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        startTransition(async () => {
          const result = await addToCart({ productId, quantity });
          setMessage(result.ok ? { kind: "ok", text: "Added to your cart." } : { kind: "error", text: result.error });
        });
      }}
    >
      <div className="flex items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium text-stone-700">
          Quantity
          <select
            value={quantity}
            onChange={(e) => setQuantity(Number(e.target.value))}
            className="rounded-lg border border-stone-300 bg-white px-3 py-2"
          >
            {Array.from({ length: Math.min(10, maxQuantity) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={message?.kind === "error" ? "text-sm text-red-700" : "text-sm text-brand-700"}>
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
