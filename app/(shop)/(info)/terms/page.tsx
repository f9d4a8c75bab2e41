import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Terms" };

export default function TermsPage() {
  const store = env().STORE_NAME;
  return (
    <>
      <h1>Terms of sale</h1>
      <p>These terms cover orders placed on {store}.</p>
      <h2>Prices and payment</h2>
      <p>
        Prices are shown in the store&apos;s currency and the total you pay is the one on the checkout page. Payment is taken by card
        through Stripe; an order is confirmed when its payment succeeds, and the receipt email confirms it.
      </p>
      <h2>Delivery and returns</h2>
      <p>
        See <Link href="/shipping">Shipping</Link> and <Link href="/returns">Returns</Link>.
      </p>
      <h2>Questions</h2>
      <p>
        <Link href="/contact">Contact us</Link>; we would rather sort a problem out than argue about it.
      </p>
    </>
  );
}
