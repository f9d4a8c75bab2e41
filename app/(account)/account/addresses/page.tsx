import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AddressBook } from "@/components/account/address-book";
import { getSessionUser } from "@/lib/auth/session";
import { SHIPPING_COUNTRIES } from "@/lib/shipping";
import { listAddresses, MAX_SAVED_ADDRESSES } from "@/lib/shipping/address-book";
import { addAddressAction, deleteAddressAction, setDefaultAddressAction } from "./actions";

export const metadata: Metadata = { title: "Your addresses", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function AddressesPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount%2Faddresses");
  const book = await listAddresses(user.id);
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Your addresses</h1>
      <p className="mt-2 text-sm text-stone-600">The default address fills in your checkout; you can pick another there.</p>
      <AddressBook
        entries={book}
        max={MAX_SAVED_ADDRESSES}
        countries={Object.entries(SHIPPING_COUNTRIES).map(([code, rule]) => ({ code, name: rule.name }))}
        addAction={addAddressAction}
        setDefaultAction={setDefaultAddressAction}
        deleteAction={deleteAddressAction}
      />
    </div>
  );
}
