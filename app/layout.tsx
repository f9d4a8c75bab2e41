import type { Metadata, Viewport } from "next";
import { SiteFooter } from "@/components/shop/site-footer";
import { Header } from "./header-links";
import { env } from "@/lib/env";
import "./globals.css";

export function generateMetadata(): Metadata {
  const name = env().STORE_NAME;
  return {
    title: { default: name, template: `%s · ${name}` },
    description: `${name}: well-made things for the desk and the kitchen.`,
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
        <Header storeName={storeName} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <SiteFooter storeName={storeName} testMode={env().stripeEmulated} />
      </body>
    </html>
  );
}
