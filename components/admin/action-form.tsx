"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/http/action";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

function Submit({ label, tone }: { label: string; tone: "primary" | "danger" | "plain" }) {
  const { pending } = useFormStatus();
  const tones = {
    primary: "bg-brand-700 text-white hover:bg-brand-900",
    danger: "border border-red-300 bg-white text-red-800 hover:bg-red-50",
    plain: "border border-stone-300 bg-white text-stone-800 hover:bg-stone-50",
  };
  return (
    <button type="submit" disabled={pending} aria-busy={pending} className={`rounded-lg px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${tones[tone]}`}>
      {label}
    </button>
  );
}

/**
 * One admin action as a small form: hidden fields, optional children (a select…), a button, and
 * the action's message or field errors next to it.
 */
export function ActionForm({
  action,
  hidden,
  label,
  tone = "plain",
  confirm,
  children,
  name,
}: {
  action: Action;
  hidden: Record<string, string>;
  label: string;
  tone?: "primary" | "danger" | "plain";
  confirm?: string;
  children?: React.ReactNode;
  /** The form's accessible name. */
  name: string;
}) {
  const [state, formAction] = useActionState(action, {});
  const problem = state.error ?? Object.values(state.fields ?? {})[0];
  return (
    <form
      action={formAction}
      aria-label={name}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
      <Submit label={label} tone={tone} />
      {problem ? (
        <span role="alert" className="text-sm text-red-700">
          {problem}
        </span>
      ) : state.data?.message ? (
        <span role="status" className="text-sm text-emerald-800">
          {state.data.message}
        </span>
      ) : null}
    </form>
  );
}
