import type { Metadata } from "next";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shipping" };

export default function ShippingPage() {
  const store = env().STORE_NAME;
  return (
    <>
      <h1>Shipping</h1>
      <p>
        {store} packs an order once its payment is confirmed; you get a receipt by email at that moment. The order page (linked from
        the receipt) shows its status.
      </p>
      <p>Delivery times and costs depend on where the parcel goes. If something you need has not arrived, contact us and we will trace it.</p>
    </>
  );
}
