"use client";

import Image from "next/image";
import { useState } from "react";

/**
 * A product's images: the selected one large, and below it a button per image ("Image 2 of 3",
 * from its alt text; the selected one is aria-current). Buttons, so Tab and Enter or Space work.
 */
export function ProductGallery({ images, name }: { images: string[]; name: string }) {
  const [selected, setSelected] = useState(0);
  const alt = (i: number) => (i === 0 ? name : `${name}, image ${i + 1} of ${images.length}`);
  return (
    <div className="flex flex-col gap-3">
      <div className="overflow-hidden rounded-2xl border border-stone-200 bg-white">
        <Image
          key={images[selected]}
          src={images[selected]}
          alt={alt(selected)}
          width={800}
          height={800}
          className="aspect-square h-full w-full object-cover"
          data-testid="gallery-main"
          priority={selected === 0}
          unoptimized
        />
      </div>
      {images.length > 1 ? (
        <ul role="list" aria-label="Product images" className="flex flex-wrap gap-3">
          {images.map((src, i) => (
            <li key={src}>
              <button
                type="button"
                aria-current={i === selected ? "true" : undefined}
                onClick={() => setSelected(i)}
                className="block h-20 w-20 overflow-hidden rounded-lg border-2 border-stone-200 bg-white hover:border-stone-500 aria-[current=true]:border-brand-600"
              >
                <Image src={src} alt={`Image ${i + 1} of ${images.length}`} width={80} height={80} className="h-full w-full object-cover" unoptimized />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
