"use client";

import { useActionState } from "react";
import type { AccountFormState } from "@/app/(account)/actions";
import { Field, FormError, SubmitButton } from "./form-parts";

type Action = (state: AccountFormState, form: FormData) => Promise<AccountFormState>;

export function LoginForm({ action, callbackUrl }: { action: Action; callbackUrl: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <Field id="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" required error={state.fields?.password} />
      <SubmitButton>Sign in</SubmitButton>
    </form>
  );
}
