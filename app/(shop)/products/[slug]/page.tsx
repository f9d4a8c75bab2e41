import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCartForm } from "@/components/shop/add-to-cart-form";
import { Price } from "@/components/shop/price";
import { ProductGallery } from "@/components/shop/product-gallery";
import { ProductCard } from "@/components/shop/product-card";
import { MAX_LINE_QUANTITY } from "@/lib/cart";
import { availability, getProductBySlug, productImages } from "@/lib/catalog";
import { relatedProducts } from "@/lib/catalog/categories";
import { env } from "@/lib/env";
import { formatMoney, toMajorUnits } from "@/lib/money";
import { absoluteUrl, productJsonLd, serializeJsonLd } from "@/lib/seo";
import { addToCartAction } from "@/app/(shop)/cart/actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await getProductBySlug((await params).slug);
  if (!product) return { title: "Not found" };
  const { STORE_NAME, appUrl } = env();
  const url = absoluteUrl(appUrl, `/products/${product.slug}`);
  return {
    title: product.name,
    description: product.description,
    alternates: { canonical: url },
    openGraph: {
      type: "website",
      siteName: STORE_NAME,
      url,
      title: `${product.name} · ${formatMoney(product.unitAmount, product.currency)}`,
      description: product.description,
      images: [{ url: absoluteUrl(appUrl, product.image), alt: product.name }],
    },
    // Open Graph's product price tags (read by Facebook, Pinterest and others).
    other: {
      "product:price:amount": toMajorUnits(product.unitAmount, product.currency),
      "product:price:currency": product.currency.toUpperCase(),
    },
  };
}

export default async function ProductPage({ params }: Props) {
  const product = await getProductBySlug((await params).slug);
  if (!product) notFound();
  const related = await relatedProducts(product, 4);
  return (
    <>
    <article className="grid gap-10 md:grid-cols-2">
      {/* Not executed (a data block), so the CSP does not apply; serializeJsonLd escapes "<". */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(productJsonLd(product, env().appUrl)) }} />
      <ProductGallery images={productImages(product)} name={product.name} />
      <div className="flex flex-col gap-5">
        <nav aria-label="Breadcrumb" className="text-sm text-stone-500">
          <Link href="/" className="hover:text-stone-800">
            Shop
          </Link>{" "}
          / <span aria-current="page">{product.name}</span>
        </nav>
        <h1 className="text-3xl font-semibold tracking-tight">{product.name}</h1>
        <Price amount={product.unitAmount} currency={product.currency} className="text-2xl text-brand-700" />
        <p className="leading-relaxed text-stone-700">{product.description}</p>
        <AddToCartForm productId={product.id} availability={availability(product.stock, MAX_LINE_QUANTITY)} addToCart={addToCartAction} />
      </div>
    </article>
    {related.length > 0 ? (
      <section aria-labelledby="related-heading" className="mt-16">
        <h2 id="related-heading" className="mb-6 text-2xl font-semibold tracking-tight">
          You may also like
        </h2>
        <ul role="list" aria-label="You may also like" className="grid grid-cols-2 gap-4 sm:gap-6 lg:grid-cols-4">
          {related.map((p) => (
            <ProductCard key={p.id} product={p} level={3} />
          ))}
        </ul>
      </section>
    ) : null}
    </>
  );
}
