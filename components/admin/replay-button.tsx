"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/http/action";

type Action = (state: FormState<never>, form: FormData) => Promise<FormState<never>>;

function Submit({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-busy={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-70">
      {label}
    </button>
  );
}

/** A one-button form (replay an event, replay all dead ones) with its outcome next to it. */
export function ReplayButton({ action, label, eventId }: { action: Action; label: string; eventId?: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" aria-label={label}>
      {eventId ? <input type="hidden" name="event_id" value={eventId} /> : null}
      <Submit label={label} />
      {state.error ? <span role="alert" className="text-sm text-red-700">{state.error}</span> : null}
      {state.data?.message ? <span role="status" className="text-sm text-emerald-800">{state.data.message}</span> : null}
    </form>
  );
}
