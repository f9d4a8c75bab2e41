"use client";

import { useActionState, useState } from "react";
import { Field, FormError, SubmitButton } from "@/components/account/form-parts";
import type { FormState } from "@/lib/http/action";

type F = "email" | "name" | "role" | "password" | "password_mode";
type Action = (state: FormState<F>, form: FormData) => Promise<FormState<F>>;

/** Add a user: name, email, role, and a password or a set-password link by email. */
export function AddUserForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, {});
  const [mode, setMode] = useState(state.values?.password_mode === "link" ? "link" : "password");
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate aria-label="Add a user">
      <FormError message={state.error} />
      <Field id="name" label="Name" autoComplete="off" defaultValue={state.values?.name} error={state.fields?.name} />
      <Field id="email" label="Email" type="email" autoComplete="off" defaultValue={state.values?.email} error={state.fields?.email} required />
      <div>
        <label htmlFor="role" className="block text-sm font-medium text-stone-800">
          Role
        </label>
        <select id="role" name="role" defaultValue={state.values?.role ?? "customer"} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2">
          <option value="customer">Customer</option>
          <option value="admin">Admin</option>
        </select>
        {state.fields?.role ? <p className="mt-1 text-sm text-red-700">{state.fields.role}</p> : null}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-stone-800">How the user gets a password</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="password_mode" value="password" checked={mode === "password"} onChange={() => setMode("password")} /> Set a password now
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="password_mode" value="link" checked={mode === "link"} onChange={() => setMode("link")} /> Email a set-password link (through the outbox)
        </label>
      </fieldset>
      {mode === "password" ? <Field id="password" label="Password" type="password" autoComplete="new-password" error={state.fields?.password} hint="At least 8 characters." /> : null}
      {mode === "link" && state.fields?.password ? <p className="text-sm text-red-700">{state.fields.password}</p> : null}
      <SubmitButton>Add user</SubmitButton>
    </form>
  );
}
