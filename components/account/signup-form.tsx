"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/http/action";
import { Field, FormError, SubmitButton } from "./form-parts";

type State = FormState<"name" | "email" | "password">;
type Action = (state: State, form: FormData) => Promise<State>;

/** `claim`: a guest order (`<id>.<token>`) the new account takes over ("create an account to track this order"). */
export function SignupForm({ action, callbackUrl, claim }: { action: Action; callbackUrl: string; claim?: string | null }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {claim ? <input type="hidden" name="claim" value={claim} /> : null}
      <FormError message={state.error} />
      <Field id="name" label="Name" type="text" autoComplete="name" defaultValue={state.values?.name} error={state.fields?.name} />
      <Field id="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={state.fields?.password}
      />
      <SubmitButton>Create account</SubmitButton>
    </form>
  );
}
