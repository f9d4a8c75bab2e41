"use client";

import { useState } from "react";
import { useFormStatus } from "react-dom";

export function Field({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  // Passwords can be shown while typing (a toggle beside the field), then hidden again.
  const [revealed, setRevealed] = useState(false);
  const secret = input.type === "password";
  const field = (
    <input
      id={id}
      name={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      className={`${secret ? "pr-16" : "mt-1"} block w-full rounded-lg border border-stone-500 bg-white px-3 py-2 text-stone-900 shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none aria-invalid:border-red-600`}
      {...input}
      type={secret && revealed ? "text" : input.type}
    />
  );
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {secret ? (
        <div className="relative mt-1">
          {field}
          <button
            type="button"
            aria-pressed={revealed}
            aria-controls={id}
            data-testid={`${id}-toggle`}
            onClick={() => setRevealed((r) => !r)}
            className="absolute inset-y-0 right-1 my-1 rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-stone-100 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none"
          >
            {revealed ? "Hide" : "Show"}
          </button>
        </div>
      ) : (
        field
      )}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SubmitButton({ children }: { children: React.ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className="w-full rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
    >
      {children}
    </button>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
