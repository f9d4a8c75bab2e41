import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Returns" };

export default function ReturnsPage() {
  const store = env().STORE_NAME;
  return (
    <>
      <h1>Returns</h1>
      <p>
        Not what you expected? <Link href="/contact">Contact {store}</Link> with your order number and tell us what you would like to
        return. We will reply with how to send it back.
      </p>
      <p>
        Refunds go back to the card you paid with, through Stripe. Your statutory rights as a consumer where you live are not affected.
      </p>
    </>
  );
}
