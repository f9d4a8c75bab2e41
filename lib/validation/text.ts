import { z } from "zod";

/** C0 control characters other than tab, newline and carriage return, and DEL. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters";

/** true when `value` has no NUL or other control character (Postgres refuses 0x00 in text). */
export function isPlainText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value);
}

/**
 * The string schema for every text field a client sends: a string without NUL bytes or other
 * control characters, so such input is a 400 at the schema and never reaches the database.
 * Chain lengths and trims on it as on z.string().
 */
export function plainText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(isPlainText, { error: CONTROL_CHARACTER_MESSAGE });
}
