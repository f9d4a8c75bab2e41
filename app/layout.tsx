import type { Metadata, Viewport } from "next";
import { CartDrawerProvider } from "@/components/shop/cart-drawer";
import { SiteFooter } from "@/components/shop/site-footer";
import { MAX_LINE_QUANTITY } from "@/lib/cart";
import { setCartQuantityAction } from "./(shop)/cart/actions";
import { Header } from "./header-links";
import { env } from "@/lib/env";
import "./globals.css";

export function generateMetadata(): Metadata {
  const { STORE_NAME: name, appUrl } = env();
  const description = `${name}: well-made things for the desk and the kitchen.`;
  return {
    // Relative URLs in metadata (Open Graph images, canonical links) resolve against the public URL.
    metadataBase: new URL(appUrl),
    title: { default: name, template: `%s · ${name}` },
    description,
    openGraph: { type: "website", siteName: name, title: name, description },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#2f6f5e" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const storeName = env().STORE_NAME;
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <CartDrawerProvider setQuantity={setCartQuantityAction} maxQuantity={MAX_LINE_QUANTITY}>
          <Header storeName={storeName} />
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
            {children}
          </main>
          <SiteFooter storeName={storeName} testMode={env().stripeEmulated} />
        </CartDrawerProvider>
      </body>
    </html>
  );
}
