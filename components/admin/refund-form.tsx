"use client";

import { useActionState } from "react";
import { Field, FormError, SubmitButton } from "@/components/account/form-parts";
import type { FormState } from "@/lib/http/action";

type RefundField = "amount" | "reason";
type Action = (state: FormState<RefundField>, form: FormData) => Promise<FormState<RefundField>>;

const REASONS = [
  ["requested_by_customer", "Requested by the customer"],
  ["duplicate", "Duplicate payment"],
  ["fraudulent", "Fraudulent"],
] as const;

/**
 * Refund an order, in full or in part. The idempotency key comes with the page: a double click
 * or a resubmitted form makes one refund; the page after a refund carries a new key.
 */
export function RefundForm({ action, orderId, refundable, refundableText, currency, idempotencyKey }: { action: Action; orderId: string; refundable: number; refundableText: string; currency: string; idempotencyKey: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Refund this order">
      <FormError message={state.error} />
      <input type="hidden" name="order_id" value={orderId} />
      <input type="hidden" name="idempotency_key" value={idempotencyKey} />
      <Field
        id="amount"
        label={`Amount (minor units, ${currency.toUpperCase()})`}
        inputMode="numeric"
        defaultValue={state.values?.amount ?? String(refundable)}
        error={state.fields?.amount}
        hint={`Up to ${refundable} (${refundableText}), the refundable balance.`}
        required
      />
      <div>
        <label htmlFor="reason" className="block text-sm font-medium text-stone-800">
          Reason
        </label>
        <select id="reason" name="reason" defaultValue={state.values?.reason ?? "requested_by_customer"} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2">
          {REASONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {state.fields?.reason ? <p className="mt-1 text-sm text-red-700">{state.fields.reason}</p> : null}
      </div>
      <SubmitButton>Refund</SubmitButton>
      {state.data?.message ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
          {state.data.message}
        </p>
      ) : null}
    </form>
  );
}
