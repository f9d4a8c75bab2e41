/**
 * What must never reach a log line or a text column: password hashes, tokens, Stripe secrets and
 * card numbers. The logger scrubs these from every line it writes (a second line of defence
 * behind key-based redaction), and the test suite's log and database scans look for the same.
 */

export type SecretKind = "argon2 hash" | "jwt" | "client secret" | "webhook secret" | "stripe secret key" | "card number";

const PATTERNS: { kind: Exclude<SecretKind, "card number">; re: RegExp; mask: string }[] = [
  { kind: "argon2 hash", re: /\$argon2(?:id|i|d)\$[^\s"',;]+/g, mask: "[redacted argon2 hash]" },
  { kind: "jwt", re: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, mask: "[redacted jwt]" },
  { kind: "client secret", re: /\b((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+/g, mask: "$1_secret_[redacted]" },
  { kind: "webhook secret", re: /whsec_[A-Za-z0-9+/=]{8,}/g, mask: "whsec_[redacted]" },
  // sk_test_ followed by something key-like; prose such as "sk_test_..." is not a key.
  { kind: "stripe secret key", re: /\b([sr]k_(?:test|live))_[A-Za-z0-9]{16,}/g, mask: "$1_[redacted]" },
];

/**
 * Card-number-shaped runs starting with a card network's first digit (2–6: Mastercard,
 * Amex/Diners/JCB, Visa, Discover/UnionPay), so millisecond timestamps (which start with 1) are not
 * taken for cards: 13–19 digits in one run, or grouped as cards are written — fours (4-4-4-1…7) or
 * Amex's 4-6-5 — with single spaces or dashes, standing alone (not inside a longer word or dashed
 * token). Other groupings (`x3-1796…`, a UUID's 8-4-4-4-12, whose inner groups can spell a
 * Luhn-valid 4-4-4-1) are identifiers, not card numbers.
 */
const digitRun = (first: string) =>
  new RegExp(
    `(?<!\\d)${first}\\d{12,18}(?!\\d)|(?<![\\w-])(?:${first}\\d{3}([ -])\\d{4}\\1\\d{4}\\1\\d{1,7}|3\\d{3}([ -])\\d{6}\\2\\d{5})(?![\\w-])`,
    "g",
  );
const DIGIT_RUN = digitRun("[2-6]");
/**
 * The same shapes starting with any digit: what the audit log masks (lib/audit/mask.ts), where a
 * masked timestamp costs nothing and a card of a network starting 1, 7, 8 or 9 (UATP, fuel,
 * healthcare, national schemes) must not slip through.
 */
const ANY_DIGIT_RUN = digitRun("\\d");

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Luhn-valid 13–19 digit runs in `text`: what a card number looks like. */
function cardNumbers(text: string): string[] {
  return [...text.matchAll(DIGIT_RUN)].map((m) => m[0]).filter((run) => luhnValid(run.replace(/[ -]/g, "")));
}

/** Every secret-shaped string in `text`, by kind (for the scans that must find none). */
export function findSecrets(text: string): { kind: SecretKind; match: string }[] {
  const found: { kind: SecretKind; match: string }[] = [];
  for (const { kind, re } of PATTERNS) for (const m of text.matchAll(re)) found.push({ kind, match: m[0] });
  for (const match of cardNumbers(text)) found.push({ kind: "card number", match });
  return found;
}

/** `text` with every secret masked; a card number keeps its last four digits only. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const { re, mask } of PATTERNS) out = out.replace(re, mask);
  return out.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, "");
    return luhnValid(digits) ? `[card ending ${digits.slice(-4)}]` : run;
  });
}

/**
 * `text` with every Luhn-valid 13–19 digit run (whatever its first digit; plain, or grouped with
 * spaces or dashes as above) replaced by `mask(lastFour)`: the audit log's card rule.
 */
export function maskCardNumbers(text: string, mask: (lastFour: string) => string): string {
  return text.replace(ANY_DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, "");
    return luhnValid(digits) ? mask(digits.slice(-4)) : run;
  });
}

/** A run of 13 or more digits: no identifier a client sends may carry a card number. */
export const CARD_NUMBER_RUN = /\d{13,}/;
