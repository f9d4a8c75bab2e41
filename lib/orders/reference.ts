import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

/**
 * The order reference shoppers see ("CL-7K3Q9MX"): unique, short, easy to read out and type,
 * and not a running count — consecutive orders get unrelated references, so receipts do not
 * reveal how many orders the shop takes.
 *
 * It is the order's number (the database sequence) put through a keyed permutation: a 4-round
 * Feistel network on 34 bits, each round an HMAC-SHA256 of ORDER_REFERENCE_KEY. A permutation is
 * one-to-one, so references never collide and need no column or retry; the admin can turn one
 * back into its number (`orderNumberFromReference`). 2^34 numbers fit in seven characters of a
 * 31-letter alphabet without 0/O, 1/I/L. Set ORDER_REFERENCE_KEY once before going live:
 * changing it changes every reference.
 */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const LENGTH = 7;
const HALF_BITS = 17;
const HALF = 2 ** HALF_BITS;
const DOMAIN = HALF * HALF;
const ROUNDS = 4;
const PREFIX = "CL-";
const DEFAULT_KEY = "cashline-order-reference";

function roundValue(key: string, round: number, half: number): number {
  return createHmac("sha256", key).update(`${round}:${half}`).digest().readUInt32BE(0) % HALF;
}

function keyOf(key?: string): string {
  return key ?? env().ORDER_REFERENCE_KEY ?? DEFAULT_KEY;
}

export function orderReference(number: number, key?: string): string {
  if (!Number.isSafeInteger(number) || number < 0 || number >= DOMAIN) throw new RangeError(`order number out of range: ${number}`);
  const k = keyOf(key);
  let left = Math.floor(number / HALF);
  let right = number % HALF;
  for (let round = 0; round < ROUNDS; round++) [left, right] = [right, left ^ roundValue(k, round, right)];
  let value = left * HALF + right;
  let code = "";
  for (let i = 0; i < LENGTH; i++) {
    code = ALPHABET[value % ALPHABET.length] + code;
    value = Math.floor(value / ALPHABET.length);
  }
  return PREFIX + code;
}

/** The order number behind a reference (case, spaces and the prefix optional), or null. */
export function orderNumberFromReference(reference: string, key?: string): number | null {
  const code = reference.trim().toUpperCase().replace(/\s+/g, "").replace(/^CL-?/, "");
  if (code.length !== LENGTH) return null;
  let value = 0;
  for (const ch of code) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = value * ALPHABET.length + digit;
  }
  if (value >= DOMAIN) return null;
  const k = keyOf(key);
  let left = Math.floor(value / HALF);
  let right = value % HALF;
  for (let round = ROUNDS - 1; round >= 0; round--) [left, right] = [right ^ roundValue(k, round, left), left];
  return left * HALF + right;
}
