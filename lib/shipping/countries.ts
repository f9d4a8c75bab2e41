/**
 * The countries the store ships to, with what a valid address there needs: whether it has postal
 * codes (and their shape) and whether the state/province is part of the address. A country not
 * listed here is one the store does not ship to (a 400 naming the field, never a silent fallback).
 */
type CountryRule = {
  name: string;
  /** The postal code's shape, or null where the country has no postal codes. */
  postal: RegExp | null;
  /** What a postal code there looks like, for the error message. */
  postalExample?: string;
  /** true where an address is incomplete without its state or province. */
  stateRequired?: boolean;
};

export const SHIPPING_COUNTRIES: Record<string, CountryRule> = {
  US: { name: "United States", postal: /^\d{5}(?:-\d{4})?$/, postalExample: "94080", stateRequired: true },
  CA: { name: "Canada", postal: /^[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d$/, postalExample: "K1A 0B1", stateRequired: true },
  GB: { name: "United Kingdom", postal: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, postalExample: "SW1A 1AA" },
  DE: { name: "Germany", postal: /^\d{5}$/, postalExample: "10115" },
  FR: { name: "France", postal: /^\d{5}$/, postalExample: "75001" },
  JP: { name: "Japan", postal: /^\d{3}-?\d{4}$/, postalExample: "100-0001" },
  AU: { name: "Australia", postal: /^\d{4}$/, postalExample: "2000", stateRequired: true },
  NL: { name: "Netherlands", postal: /^\d{4} ?[A-Za-z]{2}$/, postalExample: "1012 AB" },
  ES: { name: "Spain", postal: /^\d{5}$/, postalExample: "28001" },
  IT: { name: "Italy", postal: /^\d{5}$/, postalExample: "00118" },
  IE: { name: "Ireland", postal: /^[A-Za-z\d]{3} ?[A-Za-z\d]{4}$/, postalExample: "D02 X285" },
  HK: { name: "Hong Kong", postal: null },
};

export function shipsTo(country: string): boolean {
  return Object.hasOwn(SHIPPING_COUNTRIES, country);
}

/** An address as the lines a label, a page or an email shows. */
export function addressLines(a: { name: string; line1: string; line2: string | null; city: string; state: string | null; postal_code: string | null; country: string }): string[] {
  const place = [a.city, [a.state, a.postal_code].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [a.name, a.line1, ...(a.line2 ? [a.line2] : []), place, SHIPPING_COUNTRIES[a.country]?.name ?? a.country];
}
