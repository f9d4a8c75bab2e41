import type { Metadata } from "next";
import type { Product } from "@/db/schema";
import { toMajorUnits } from "@/lib/money";

/**
 * What search engines may see. The shopper's own pages (cart, checkout, account, orders), the
 * admin area and the JSON API are private: robots.txt disallows them and their pages say noindex.
 */
export const PRIVATE_PATHS = ["/cart", "/checkout", "/account", "/orders", "/admin", "/api"] as const;

/** The store's information pages, linked from the footer (app/(shop)/(info)/). */
export const INFO_PAGES = [
  { path: "/contact", label: "Contact" },
  { path: "/shipping", label: "Shipping" },
  { path: "/returns", label: "Returns" },
  { path: "/privacy", label: "Privacy" },
  { path: "/terms", label: "Terms" },
] as const;

/** The pages besides products that the sitemap lists. */
export const PUBLIC_PAGES = ["/", "/pricing", ...INFO_PAGES.map((p) => p.path)];

/** `robots` metadata for every page under PRIVATE_PATHS. */
export const NO_INDEX: Metadata["robots"] = { index: false, follow: false };

/** An absolute URL on this store, from its public base URL (env().appUrl). */
export function absoluteUrl(appUrl: string, path: string): string {
  return new URL(path, `${appUrl.replace(/\/$/, "")}/`).toString();
}

export type ProductJsonLd = {
  "@context": "https://schema.org";
  "@type": "Product";
  name: string;
  description: string;
  image: string;
  sku: string;
  url: string;
  offers: {
    "@type": "Offer";
    price: string;
    priceCurrency: string;
    availability: string;
    url: string;
  };
};

/** schema.org `Product` for a product page: the price in major units, the currency in ISO 4217 capitals. */
export function productJsonLd(
  product: Pick<Product, "slug" | "name" | "description" | "image" | "unitAmount" | "currency"> & { stock?: number | null },
  appUrl: string,
): ProductJsonLd {
  const url = absoluteUrl(appUrl, `/products/${product.slug}`);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    image: absoluteUrl(appUrl, product.image),
    sku: product.slug,
    url,
    offers: {
      "@type": "Offer",
      price: toMajorUnits(product.unitAmount, product.currency),
      priceCurrency: product.currency.toUpperCase(),
      // Only active products have pages; untracked stock (null) is always available.
      availability: product.stock === 0 ? "https://schema.org/OutOfStock" : "https://schema.org/InStock",
      url,
    },
  };
}

/**
 * JSON for an inline <script type="application/ld+json">: `<`, `>` and `&` (and the JavaScript
 * line separators) escaped as \u sequences, so text such as "</script>" in a product's name or
 * description cannot close the element. JSON parsers read the escapes back unchanged.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The address in a sender such as `Cashline <shop@cashline.local>` (EMAIL_FROM): where shoppers can write. */
export function contactAddress(emailFrom: string): string {
  return (/<([^<>\s]+@[^<>\s]+)>/.exec(emailFrom)?.[1] ?? emailFrom).trim();
}
