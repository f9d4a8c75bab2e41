"use client";

import { useActionState } from "react";
import { Field, FormError, SubmitButton } from "@/components/account/form-parts";
import type { FormState } from "@/lib/http/action";

type F = "name" | "slug" | "description" | "price" | "unit_amount" | "currency" | "image" | "bundled_image" | "active" | "id";
type Action = (state: FormState<F>, form: FormData) => Promise<FormState<F>>;

export type ProductFormValues = { id?: string; name: string; slug: string; description: string; price: string; currency: string; image: string; active: boolean };

/**
 * Create or edit a product. The price is typed as a decimal ("19.99"; whole units for a
 * zero-decimal currency); the server turns it into minor units. The image is a URL or a bundled one.
 */
export function ProductForm({ action, initial, images, submitLabel }: { action: Action; initial: ProductFormValues; images: string[]; submitLabel: string }) {
  const [state, formAction] = useActionState(action, {});
  const v = (k: F, fallback: string) => state.values?.[k] ?? fallback;
  const bundled = images.includes(initial.image) ? initial.image : "";
  return (
    <form action={formAction} className="max-w-xl space-y-4" noValidate aria-label={submitLabel}>
      <FormError message={state.error} />
      {state.data?.message ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
          {state.data.message}
        </p>
      ) : null}
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <input type="hidden" name="currency" value={initial.currency} />
      <Field id="name" label="Name" defaultValue={v("name", initial.name)} error={state.fields?.name} required />
      <Field id="slug" label="Slug" defaultValue={v("slug", initial.slug)} error={state.fields?.slug} hint={initial.id ? "Its address: /products/<slug>." : "Made from the name if empty."} />
      <div>
        <label htmlFor="description" className="block text-sm font-medium text-stone-800">
          Description
        </label>
        <textarea id="description" name="description" rows={4} defaultValue={v("description", initial.description)} aria-invalid={state.fields?.description ? true : undefined} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2" />
        {state.fields?.description ? <p className="mt-1 text-sm text-red-700">{state.fields.description}</p> : null}
      </div>
      <Field id="price" label={`Price (${initial.currency.toUpperCase()})`} inputMode="decimal" defaultValue={v("price", initial.price)} error={state.fields?.price ?? state.fields?.unit_amount} required />
      <Field id="image" label="Image URL (https, or a path on this site)" defaultValue={v("image", bundled ? "" : initial.image)} error={state.fields?.image} hint="Leave empty to use the bundled image below." />
      <div>
        <label htmlFor="bundled_image" className="block text-sm font-medium text-stone-800">
          Bundled image
        </label>
        <select id="bundled_image" name="bundled_image" defaultValue={v("bundled_image", bundled)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2">
          <option value="">(none: the default image)</option>
          {images.map((src) => (
            <option key={src} value={src}>
              {src.replace("/products/", "")}
            </option>
          ))}
        </select>
      </div>
      {initial.id ? null : (
        // An existing product is archived or restored by its own button, never by a stale checkbox here.
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="active" defaultChecked={state.values ? state.values.active === "on" : initial.active} /> Active (shown on the catalog)
        </label>
      )}
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}
