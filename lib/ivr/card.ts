import { DomainError, type FieldErrors } from "@/lib/errors";
import { luhnValid } from "@/lib/security/secrets";

/** A card as a phone system keyed it in, checked locally before anything reaches Stripe. */
export type KeyedCard = { number: string; cvc: string; expMonth: number; expYear: number };

export const REQUIRED = "This field is required.";

/**
 * Seed 000's body, `{cc_num, cvv, exp_date (MMYY), trans_id}`, checked as its Django serializer
 * did: every missing or blank field is named at once; a card number must be 15–19 digits (spaces
 * and dashes allowed; a JSON number too) and pass the Luhn check; a CVV 3 or 4 digits; the expiry
 * MMYY with a month 01–12. Nothing invalid goes on to Stripe.
 */
export function parseSeed000Body(body: Record<string, unknown>): { card: KeyedCard; transId: string } {
  const fields: FieldErrors = {};
  const text = (name: string) => textField(body, name, fields);
  const ccNum = text("cc_num");
  const cvv = text("cvv");
  const expDate = text("exp_date");
  const transId = text("trans_id");

  const checked = checkCard({ number: ccNum, cvc: cvv }, fields, { number: "cc_num", cvc: "cvv" });
  let expMonth = 0;
  let expYear = 0;
  if (expDate !== null) {
    const m = /^(\d{2})\/?(\d{2})$/.exec(expDate);
    if (!m) fields.exp_date = ["Enter the expiry date as MMYY."];
    else if (Number(m[1]) < 1 || Number(m[1]) > 12) fields.exp_date = ["Enter a valid month (01 to 12)."];
    else {
      expMonth = Number(m[1]);
      expYear = 2000 + Number(m[2]);
    }
  }
  if (transId !== null && transId.length > 64) fields.trans_id = ["Ensure this field has no more than 64 characters."];
  if (Object.keys(fields).length) throw new DomainError("invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  return { card: { number: checked.number, cvc: checked.cvc, expMonth, expYear }, transId: transId! };
}

/**
 * The one check of a keyed card number and CVC, whichever API brought them: 15–19 digits (spaces
 * and dashes allowed) passing Luhn; a CVC of 3 or 4 digits. Problems go into `fields` under the
 * caller's field names; null inputs were already reported as missing.
 */
export function checkCard(
  input: { number: string | null; cvc: string | null },
  fields: FieldErrors,
  names: { number: string; cvc: string },
): { number: string; cvc: string } {
  const number = (input.number ?? "").replace(/[\s-]/g, "");
  if (input.number !== null) {
    if (!/^\d+$/.test(number)) fields[names.number] = ["Enter a valid card number: digits only."];
    else if (number.length < 15 || number.length > 19) fields[names.number] = ["Ensure this field has between 15 and 19 digits."];
    else if (!luhnValid(number)) fields[names.number] = ["Enter a valid card number."];
  }
  if (input.cvc !== null && !/^\d{3,4}$/.test(input.cvc)) fields[names.cvc] = ["Ensure this field has 3 or 4 digits."];
  return { number, cvc: input.cvc ?? "" };
}

/** A body field as text: strings trimmed, whole JSON numbers as digits; missing or blank → required. */
export function textField(body: Record<string, unknown>, name: string, fields: FieldErrors): string | null {
  const v = body[name];
  if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
    fields[name] = [REQUIRED];
    return null;
  }
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === "number" && Number.isInteger(v) && v > 0) {
    // Past 2^53 JSON.parse has already rounded the digits away: say so rather than check a wrong number.
    fields[name] = ["This number is too long to send as a JSON number: send it as a string."];
    return null;
  }
  if (typeof v !== "string") {
    fields[name] = ["Not a valid string."];
    return null;
  }
  return v.trim();
}
