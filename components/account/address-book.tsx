"use client";

import { useActionState, useEffect, useState } from "react";
import type { FormState } from "@/lib/http/action";
import type { ShippingAddress, ShippingAddressField } from "@/lib/shipping/address";
import { addressLines } from "@/lib/shipping/countries";
import { Field, FormError, SubmitButton } from "./form-parts";

type AddState = FormState<ShippingAddressField>;
type EntryState = FormState<"id">;
type Entry = { id: string; address: ShippingAddress; isDefault: boolean };

type Props = {
  entries: Entry[];
  max: number;
  countries: { code: string; name: string }[];
  addAction: (state: AddState, form: FormData) => Promise<AddState>;
  setDefaultAction: (state: EntryState, form: FormData) => Promise<EntryState>;
  deleteAction: (state: EntryState, form: FormData) => Promise<EntryState>;
};

/** The member's saved addresses (default first) with their actions, and a form to add one. */
export function AddressBook({ entries, max, countries, addAction, setDefaultAction, deleteAction }: Props) {
  return (
    <>
      {entries.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-stone-300 px-4 py-6 text-center text-sm text-stone-600" data-testid="address-book-empty">
          No saved addresses yet. Add one below, or tick “Save this address” at checkout.
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="address-book">
          {entries.map((e) => (
            <AddressEntry key={e.id} entry={e} setDefaultAction={setDefaultAction} deleteAction={deleteAction} />
          ))}
        </ul>
      )}
      <h2 className="mt-10 text-lg font-semibold">Add an address</h2>
      {entries.length >= max ? (
        <p className="mt-2 text-sm text-stone-600">Your address book is full ({max} addresses). Delete one to add another.</p>
      ) : (
        <AddAddressForm countries={countries} action={addAction} />
      )}
    </>
  );
}

function AddressEntry({ entry, setDefaultAction, deleteAction }: { entry: Entry; setDefaultAction: Props["setDefaultAction"]; deleteAction: Props["deleteAction"] }) {
  const [defaultState, makeDefault, settingDefault] = useActionState(setDefaultAction, {});
  const [deleteState, remove, deleting] = useActionState(deleteAction, {});
  const lines = addressLines(entry.address);
  const error = defaultState.error ?? deleteState.error ?? defaultState.fields?.id ?? deleteState.fields?.id;
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-testid="address-entry">
      <address className="text-sm not-italic text-stone-800">
        {lines.map((l, i) => (
          <span key={i} className={i === 0 ? "block font-medium" : "block"}>
            {l}
          </span>
        ))}
        {entry.isDefault ? <span className="mt-1 inline-block rounded bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">Default</span> : null}
        {error ? (
          <span role="alert" className="mt-1 block text-red-700">
            {error}
          </span>
        ) : null}
      </address>
      <div className="flex gap-2">
        {entry.isDefault ? null : (
          <form action={makeDefault}>
            <input type="hidden" name="id" value={entry.id} />
            <button type="submit" disabled={settingDefault} className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-stone-100 disabled:opacity-60">
              Make default<span className="sr-only"> for {lines[0]}, {lines[1]}</span>
            </button>
          </form>
        )}
        <form action={remove}>
          <input type="hidden" name="id" value={entry.id} />
          <button type="submit" disabled={deleting} className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-stone-100 disabled:opacity-60">
            Delete<span className="sr-only"> {lines[0]}, {lines[1]}</span>
          </button>
        </form>
      </div>
    </li>
  );
}

function AddAddressForm({ countries, action }: { countries: Props["countries"]; action: Props["addAction"] }) {
  const [state, formAction] = useActionState(action, {});
  const v = state.values ?? {};
  const f = state.fields ?? {};
  // React resets a form after its action, and its select then falls back to the first option,
  // not to the country the refused submit had: each answer mounts the form afresh from the echo.
  const [mount, setMount] = useState(0);
  useEffect(() => setMount((n) => n + 1), [state]);
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate key={mount}>
      <FormError message={state.error} />
      {state.data?.saved ? (
        <p role="status" className="rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm text-brand-800">
          {state.data.saved}
        </p>
      ) : null}
      <Field id="name" label="Full name" autoComplete="shipping name" required defaultValue={v.name} error={f.name} />
      <div>
        <label htmlFor="country" className="block text-sm font-medium text-stone-800">
          Country or region
        </label>
        <select
          id="country"
          name="country"
          defaultValue={v.country ?? "US"}
          autoComplete="shipping country"
          aria-invalid={f.country ? true : undefined}
          aria-describedby={f.country ? "country-error" : undefined}
          className="mt-1 block w-full rounded-lg border border-stone-500 bg-white px-3 py-2 text-stone-900"
        >
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        {f.country ? (
          <p id="country-error" className="mt-1 text-sm text-red-700">
            {f.country}
          </p>
        ) : null}
      </div>
      <Field id="line1" label="Address line 1" autoComplete="shipping address-line1" required defaultValue={v.line1} error={f.line1} />
      <Field id="line2" label="Address line 2 (optional)" autoComplete="shipping address-line2" defaultValue={v.line2} error={f.line2} />
      <Field id="city" label="City" autoComplete="shipping address-level2" required defaultValue={v.city} error={f.city} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="state" label="State, province or region" autoComplete="shipping address-level1" defaultValue={v.state} error={f.state} />
        <Field id="postal_code" label="ZIP or postal code" autoComplete="shipping postal-code" defaultValue={v.postal_code} error={f.postal_code} />
      </div>
      <SubmitButton>Save address</SubmitButton>
    </form>
  );
}
