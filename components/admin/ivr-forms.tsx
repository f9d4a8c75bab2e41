"use client";

import { useActionState } from "react";
import { Field, FormError, SubmitButton } from "@/components/account/form-parts";
import type { FormState } from "@/lib/http/action";

type Action<F extends string> = (state: FormState<F>, form: FormData) => Promise<FormState<F>>;

/** Create an IVR key: the key is shown once, right here, after the submit. */
export function IvrKeyForm({ action }: { action: Action<"name"> }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Create an IVR key">
      <FormError message={state.error} />
      <Field id="name" label="Name" placeholder="Phone system" defaultValue={state.values?.name} error={state.fields?.name} required />
      <SubmitButton>Create key</SubmitButton>
      {state.data?.key ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">Key for “{state.data.name}”: copy it now, it is not shown again.</p>
          <code data-testid="new-ivr-key" className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs">
            {state.data.key}
          </code>
        </div>
      ) : null}
    </form>
  );
}

type TxField = "amount" | "description" | "order_id" | "trans_id";

/** Create a pending IVR transaction (an amount, or an order whose balance it takes). */
export function IvrTransactionForm({ action, currency }: { action: Action<TxField>; currency: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Create an IVR transaction">
      <FormError message={state.error} />
      <Field id="amount" label={`Amount (minor units, ${currency.toUpperCase()})`} inputMode="numeric" defaultValue={state.values?.amount} error={state.fields?.amount} hint="Leave empty to take an order's balance." />
      <Field id="order_id" label="Order id (optional)" defaultValue={state.values?.order_id} error={state.fields?.order_id} />
      <Field id="description" label="Description (optional)" defaultValue={state.values?.description} error={state.fields?.description} />
      <Field id="trans_id" label="Transaction id (optional)" defaultValue={state.values?.trans_id} error={state.fields?.trans_id} hint="The id the phone system will send; one is made if empty." />
      <SubmitButton>Create transaction</SubmitButton>
      {state.data?.trans_id ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
          Pending transaction <code data-testid="new-trans-id">{state.data.trans_id}</code> created.
        </p>
      ) : null}
    </form>
  );
}

/** Revoke one key (a small form per row). */
export function RevokeKeyButton({ action, id, name }: { action: Action<never>; id: string; name: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="text-sm font-medium text-red-700 hover:underline" aria-label={`Revoke ${name}`}>
        Revoke
      </button>
      {state.error ? <span className="ml-2 text-sm text-red-700">{state.error}</span> : null}
    </form>
  );
}
