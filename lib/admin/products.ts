import { readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Product } from "@/db/schema";
import { recordAdminAction } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/types";
import { createProduct, getProductById, productCreateSchema, toProductDto, updateProduct, type ProductCreateInput, type ProductUpdateInput } from "@/lib/catalog";
import { env } from "@/lib/env";
import { minorUnitDigits, toMinorUnits } from "@/lib/money";
import { plainText } from "@/lib/validation/text";

/**
 * Products as operators manage them (/admin/products and /api/v1/admin/products): the writes are
 * lib/catalog's createProduct / updateProduct (which invalidate the catalog cache); this module
 * adds the admin form's fields (a decimal price) and records each change in the audit log.
 */

/** The images shipped in public/products, offered in the form next to an image URL. */
export function bundledImages(): string[] {
  try {
    return readdirSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "public", "products"))
      .filter((f) => /\.(svg|png|jpe?g|webp)$/i.test(f))
      .sort()
      .map((f) => `/products/${f}`);
  } catch {
    return [];
  }
}

const PRICE_HINT = (currency: string) => {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? "Enter a whole amount, e.g. 1500." : `Enter an amount such as ${(1999 / 100).toFixed(digits)}.`;
};

/** A decimal price typed in the form, as integer minor units of `currency` (zero-decimal aware); positive. */
export function priceFromForm(text: string, currency: string): { ok: true; amount: number } | { ok: false; message: string } {
  let amount: number;
  try {
    amount = toMinorUnits(text, currency);
  } catch (err) {
    const tooManyDecimals = err instanceof RangeError && /decimal places/.test(err.message);
    return { ok: false, message: tooManyDecimals ? `${currency.toUpperCase()} allows at most ${minorUnitDigits(currency)} decimal places.` : PRICE_HINT(currency) };
  }
  return amount > 0 ? { ok: true, amount } : { ok: false, message: "The price must be more than zero." };
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The admin product form (text fields): name, slug, description, price as a decimal, image (a URL
 * or a bundled image), active ("on" when checked). Output: lib/catalog's create input plus
 * `active`, checked again by the catalog's schema. An image URL typed in wins over a bundled image.
 */
export const productFormSchema = z
  .object({
    name: plainText({ error: "Give the product a name." }).trim().min(1, { error: "Give the product a name." }).max(200),
    slug: z.preprocess(blankToUndefined, z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Use lower-case words joined by hyphens, e.g. linen-tote." }).max(100).optional()),
    description: z.preprocess(blankToUndefined, plainText().trim().max(5000).optional()),
    price: z.string({ error: "Enter a price." }).trim().min(1, { error: "Enter a price." }),
    currency: z.preprocess(blankToUndefined, z.string().regex(/^[a-z]{3}$/).optional()),
    image: z.preprocess(blankToUndefined, z.string().trim().optional()),
    bundled_image: z.preprocess(blankToUndefined, z.string().trim().optional()),
    active: z.string().optional(),
  })
  .transform((f, ctx): z.input<typeof productCreateSchema> & { active: boolean } => {
    const currency = f.currency ?? env().STORE_CURRENCY;
    const price = priceFromForm(f.price, currency);
    if (!price.ok) {
      ctx.addIssue({ code: "custom", path: ["price"], message: price.message });
      return z.NEVER;
    }
    const image = f.image ?? f.bundled_image;
    return {
      name: f.name,
      description: f.description ?? "",
      unit_amount: price.amount,
      currency,
      active: f.active === "on" || f.active === "true",
      ...(f.slug ? { slug: f.slug } : {}),
      ...(image ? { image } : {}),
    };
  })
  // The catalog's own rules (image a site path or an https URL, lengths…), field by field.
  .pipe(productCreateSchema.extend({ active: z.boolean() }));

/** Which fields changed, for the audit row: { field: { from, to } }. */
function changes(before: Product | null, after: Product): Record<string, { from: unknown; to: unknown }> {
  if (!before) return {};
  const keys = ["slug", "name", "description", "unitAmount", "currency", "image", "active"] as const;
  return Object.fromEntries(keys.filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]));
}

export async function addProduct(input: ProductCreateInput & { active?: boolean }, actor: SessionUser | null): Promise<Product> {
  const { active, ...create } = input;
  let product = await createProduct(create);
  if (active === false) product = await updateProduct(product.id, { active: false });
  await recordAdminAction({ actor, target: `/admin/products/${product.id}`, action: "product.created", details: { slug: product.slug, unit_amount: product.unitAmount, active: product.active } });
  return product;
}

export async function editProduct(id: string, input: ProductUpdateInput, actor: SessionUser | null): Promise<Product> {
  const before = await getProductById(id);
  const product = await updateProduct(id, input);
  const changed = changes(before, product);
  if (Object.keys(changed).length) {
    const action = changed.active ? (product.active ? "product.restored" : "product.archived") : "product.edited";
    await recordAdminAction({ actor, target: `/admin/products/${product.id}`, action, details: { slug: product.slug, changes: changed } });
  }
  return product;
}

/** The JSON shape of a product in the admin API (the catalog's, with its state). */
export function toAdminProductDto(p: Product) {
  return {
    ...toProductDto(p),
    active: p.active,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
