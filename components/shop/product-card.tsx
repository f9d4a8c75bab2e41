import Image from "next/image";
import Link from "next/link";
import type { Product } from "@/lib/catalog";
import { Price } from "./price";

/** A product in a grid (an `<li>`); its name is a heading of `level` (h3 under a section's h2). */
export function ProductCard({ product, level = 2 }: { product: Product; level?: 2 | 3 }) {
  const Heading = level === 3 ? "h3" : "h2";
  return (
    <li className="group relative flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm transition hover:shadow-md">
      <div className="aspect-square overflow-hidden bg-stone-100">
        <Image
          src={product.image}
          alt=""
          width={400}
          height={400}
          className="h-full w-full object-cover transition duration-300 group-hover:scale-105"
          unoptimized
        />
      </div>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <Heading className="text-base font-medium text-stone-900">
          <Link href={`/products/${product.slug}`} className="after:absolute after:inset-0">
            {product.name}
          </Link>
        </Heading>
        <Price amount={product.unitAmount} currency={product.currency} className="text-stone-700" />
      </div>
    </li>
  );
}
