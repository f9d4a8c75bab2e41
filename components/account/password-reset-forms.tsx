"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/http/action";
import { Field, FormError, SubmitButton } from "./form-parts";

type State = FormState<"email" | "password" | "token">;
type Action = (state: State, form: FormData) => Promise<State>;

/** Ask for a reset link; once sent, the form gives way to the (same for everyone) answer. */
export function ForgotPasswordForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, {});
  if (state.data?.sent) {
    return (
      <p role="status" data-testid="reset-sent" className="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-900">
        {state.data.sent}
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <Field id="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fields?.email} />
      <SubmitButton>Send the reset link</SubmitButton>
    </form>
  );
}

/** Choose the new password; a spent or expired link shows why and where to get a new one. */
export function ResetPasswordForm({ action, token }: { action: Action; token: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormError message={state.error ?? state.fields?.token} />
      <Field id="password" label="New password" type="password" autoComplete="new-password" required hint="At least 8 characters." error={state.fields?.password} />
      <SubmitButton>Set the new password</SubmitButton>
    </form>
  );
}
