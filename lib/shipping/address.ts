import { z } from "zod";
import type { ShippingAddress } from "@/db/schema";
import { plainText } from "@/lib/validation/text";
import { SHIPPING_COUNTRIES, shipsTo } from "./countries";

export type { ShippingAddress };

/** An ISO 3166-1 alpha-2 code of a country the store ships to (upper-cased). */
export const countrySchema = z
  .string({ error: "is required" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be a two-letter ISO country code, e.g. US")
  .refine((c) => !/^[A-Z]{2}$/.test(c) || shipsTo(c), { error: "is not a country we ship to" });

const line = (max: number) => plainText({ error: "is required" }).trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const optionalLine = (max: number) =>
  plainText()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

/** The fields of a shipping address, as forms and clients name them. */
export const SHIPPING_ADDRESS_FIELDS = ["name", "line1", "line2", "city", "state", "postal_code", "country"] as const;
export type ShippingAddressField = (typeof SHIPPING_ADDRESS_FIELDS)[number];

/**
 * A shipping address as clients send it (`shipping_address`), checked per country: the postal
 * code is required and must have the country's shape where it has postal codes, the state where
 * addresses need one; every line is capped and free of control characters.
 */
export const shippingAddressSchema = z
  .object({
    name: line(100),
    line1: line(200),
    line2: optionalLine(200),
    city: line(100),
    state: optionalLine(100),
    postal_code: optionalLine(20),
    country: countrySchema,
  })
  .strict()
  .superRefine((a, ctx) => {
    const rule = SHIPPING_COUNTRIES[a.country];
    if (!rule) return;
    if (rule.postal) {
      if (!a.postal_code) ctx.addIssue({ code: "custom", path: ["postal_code"], message: "is required" });
      else if (!rule.postal.test(a.postal_code)) {
        ctx.addIssue({ code: "custom", path: ["postal_code"], message: `is not a valid ${rule.name} postal code (e.g. ${rule.postalExample})` });
      }
    }
    if (rule.stateRequired && !a.state) ctx.addIssue({ code: "custom", path: ["state"], message: "is required" });
  })
  .transform(
    (a): ShippingAddress => ({
      ...a,
      postal_code: SHIPPING_COUNTRIES[a.country]?.postal ? (a.postal_code?.toUpperCase() ?? null) : null,
    }),
  );

/** Shipping rate ids as clients send them (`shipping_rate`). */
export const shippingRateIdSchema = z
  .string({ error: "is required" })
  .trim()
  .regex(/^[a-z0-9_-]{1,40}$/, "is not a known shipping rate");
