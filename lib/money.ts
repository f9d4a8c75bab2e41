/**
 * Money is always an integer count of the currency's minor unit (cents for usd, yen for jpy).
 * These helpers know which currencies have no or three decimals, as Stripe documents them.
 */

// https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]);
// https://docs.stripe.com/currencies#three-decimal
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

export function minorUnitDigits(currency: string): 0 | 2 | 3 {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

export function isZeroDecimal(currency: string): boolean {
  return minorUnitDigits(currency) === 0;
}

/** Format minor units for people, e.g. formatMoney(1999, "usd") → "$19.99", (1500, "jpy") → "¥1,500". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  assertMinorUnits(amount);
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/** Parse a decimal string such as "19.99" into minor units without floating-point rounding. */
export function toMinorUnits(decimal: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`"${decimal}" is not a non-negative decimal amount`);
  const fraction = match[2] ?? "";
  if (fraction.length > digits) throw new RangeError(`${currency.toUpperCase()} allows at most ${digits} decimal places`);
  const value = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  assertMinorUnits(value);
  return value;
}

/** Minor units as the plain decimal a form shows, e.g. (1999, "usd") → "19.99", (1500, "jpy") → "1500" (the inverse of toMinorUnits). */
export function toDecimalString(amount: number, currency: string): string {
  assertMinorUnits(amount);
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Sum of quantity × unit amount over lines, all in one currency. */
export function sumLines(lines: ReadonlyArray<{ unitAmount: number; quantity: number }>): number {
  let total = 0;
  for (const line of lines) {
    assertMinorUnits(line.unitAmount);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) throw new RangeError("quantity must be a non-negative integer");
    total += line.unitAmount * line.quantity;
  }
  assertMinorUnits(total);
  return total;
}

export function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`);
  }
}

/** Stripe's largest amount for one payment (amount_too_large above it), in minor units. */
export const MAX_PAYMENT_AMOUNT = 99_999_999;

export function amountTooLarge(amount: number): boolean {
  return amount > MAX_PAYMENT_AMOUNT;
}

/**
 * Minor units as the decimal string of the major unit, as schema.org offers and feeds expect:
 * toMajorUnits(12900, "usd") → "129.00", (1500, "jpy") → "1500", (1234, "kwd") → "1.234".
 * Exact (string arithmetic, no floating point).
 */
export function toMajorUnits(amount: number, currency: string): string {
  assertMinorUnits(amount);
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(amount).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
