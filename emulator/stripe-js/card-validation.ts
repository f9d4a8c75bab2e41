/** Card fields validated while typing, with the messages and codes Stripe's Payment Element shows. */
import { brandOf, luhnValid } from "../card-numbers";

export type FieldState = { state: "empty" | "incomplete" | "invalid" | "complete"; message: string | null; code: string | null };

function numberLength(brand: string): number {
  return brand === "amex" ? 15 : brand === "diners" ? 14 : 16;
}

export function checkNumber(digits: string): FieldState {
  if (!digits) return { state: "empty", message: "Your card number is incomplete.", code: "incomplete_number" };
  const len = numberLength(brandOf(digits));
  if (digits.length < len) return { state: "incomplete", message: "Your card number is incomplete.", code: "incomplete_number" };
  if (!luhnValid(digits)) return { state: "invalid", message: "Your card number is invalid.", code: "invalid_number" };
  return { state: "complete", message: null, code: null };
}

export function checkExpiry(value: string, now = new Date()): FieldState & { month?: number; year?: number } {
  const digits = value.replace(/\D/g, "");
  if (!digits) return { state: "empty", message: "Your card's expiration date is incomplete.", code: "incomplete_expiry" };
  const month = Number(digits.slice(0, 2));
  if (digits.length >= 2 && (month < 1 || month > 12)) {
    return { state: "invalid", message: "Your card's expiration date is invalid.", code: "invalid_expiry_month" };
  }
  if (digits.length < 4) return { state: "incomplete", message: "Your card's expiration date is incomplete.", code: "incomplete_expiry" };
  const year = 2000 + Number(digits.slice(2, 4));
  const thisYear = now.getFullYear();
  if (year < thisYear) return { state: "invalid", message: "Your card's expiration year is in the past.", code: "invalid_expiry_year_past" };
  if (year === thisYear && month < now.getMonth() + 1) {
    return { state: "invalid", message: "Your card's expiration date is in the past.", code: "invalid_expiry_month_past" };
  }
  if (year > thisYear + 50) return { state: "invalid", message: "Your card's expiration year is invalid.", code: "invalid_expiry_year" };
  return { state: "complete", message: null, code: null, month, year };
}

export function checkCvc(digits: string, brand: string): FieldState {
  if (!digits) return { state: "empty", message: "Your card's security code is incomplete.", code: "incomplete_cvc" };
  if (digits.length < (brand === "amex" ? 4 : 3)) return { state: "incomplete", message: "Your card's security code is incomplete.", code: "incomplete_cvc" };
  return { state: "complete", message: null, code: null };
}

export function checkZip(value: string): FieldState {
  const v = value.trim();
  if (!v) return { state: "empty", message: "Your ZIP is incomplete.", code: "incomplete_zip" };
  if (/^\d+$/.test(v) && v.length < 5) return { state: "incomplete", message: "Your ZIP is incomplete.", code: "incomplete_zip" };
  return { state: "complete", message: null, code: null };
}

