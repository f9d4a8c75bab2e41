import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";
import { contactAddress } from "@/lib/seo";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contact" };

export default function ContactPage() {
  const { STORE_NAME: store, EMAIL_FROM } = env();
  const email = contactAddress(EMAIL_FROM);
  return (
    <>
      <h1>Contact {store}</h1>
      <p>
        Questions about a product, an order or a payment: write to <a href={`mailto:${email}`}>{email}</a>. Please include your
        order number if you have one; it is in your receipt and, when you are signed in, under <Link href="/orders">Your orders</Link>.
      </p>
      <p>We answer by email, usually within two working days.</p>
    </>
  );
}
