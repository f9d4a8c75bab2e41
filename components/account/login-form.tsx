"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/http/action";
import { Field, FormError, SubmitButton } from "./form-parts";

type State = FormState<"email" | "password">;
type Action = (state: State, form: FormData) => Promise<State>;

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
