"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/http/action";
import { Field, FormError, SubmitButton } from "./form-parts";

type State = FormState<"current_password" | "password">;

/** Current and new password; a wrong current password is that field's error. */
export function ChangePasswordForm({ action }: { action: (state: State, form: FormData) => Promise<State> }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <Field id="current_password" label="Current password" type="password" autoComplete="current-password" required error={state.fields?.current_password} />
      <Field id="password" label="New password" type="password" autoComplete="new-password" required hint="At least 8 characters." error={state.fields?.password} />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
