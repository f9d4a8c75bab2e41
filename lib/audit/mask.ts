import { maskCardNumbers, scrubSecrets } from "@/lib/security/secrets";

/**
 * What the audit log keeps of a request or response body: the same JSON with
 * - **card numbers masked to their last four**, as `"•••• 4242"`: any Luhn-valid run of 13–19
 *   digits (plain, or grouped with spaces or dashes, see maskCardNumbers in
 *   lib/security/secrets.ts) inside any string, any JSON number of 13–19 digits that passes Luhn
 *   (or is too large for a double to hold its digits exactly), and any key that is itself one; and
 *   the value of a card-number field (`cc_num`, `card_number`, `pan`, `card[number]`, `number`
 *   inside a `card` object) whatever its checksum, since a mistyped card number is still one;
 * - **CVV/CVC fields removed** (the key and its value): `cvv`, `cvc`, `cvv2`, `cvc2`, `csc`,
 *   `card_cvc`, `card[cvc]`, `cardCvc`, `security_code`, … in any case;
 * - **secrets replaced by `"[redacted]"`**: passwords, tokens, secrets, `authorization`, api keys,
 *   cookies, PINs and one-time codes, a bare `key`, and simplejwt's bare `access` / `refresh`; and secret-shaped text under any
 *   key (JWTs, PaymentIntent client secrets in a return URL, Stripe keys, argon2 hashes), masked
 *   as the logger masks them (scrubSecrets in lib/security/secrets.ts);
 * - NUL characters and lone surrogates (which Postgres's jsonb refuses) replaced by U+FFFD, so a
 *   hostile body cannot keep its own audit row from being written.
 * Ids and amounts (`order_id`, `trans_id`, `amount`, `key_id`, `token_type`'s siblings) are kept.
 * Pure and iterative; structure deeper than MAX_DEPTH is replaced by "[too deep]".
 */
export function maskForAudit(value: unknown): unknown {
  const root: { value?: unknown } = {};
  const stack: Frame[] = [{ value, depth: 0, inCard: false, cardField: false, set: (v) => (root.value = v) }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value: v, depth, set } = frame;
    if (typeof v === "string") set(frame.cardField ? maskCardField(v) : maskString(v));
    else if (typeof v === "number") set(frame.cardField ? maskCardField(String(v)) : maskNumber(v));
    else if (typeof v === "bigint") set(maskCardField(v.toString()));
    else if (v === null || typeof v === "boolean") set(v);
    else if (typeof v !== "object") set(null); // undefined, functions, symbols: not JSON
    else if (v instanceof Date) set(Number.isNaN(v.getTime()) ? null : v.toISOString());
    else if (depth >= MAX_DEPTH) set(TOO_DEEP);
    else if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      set(out);
      v.forEach((child, i) => stack.push({ value: child, depth: depth + 1, inCard: frame.inCard, cardField: frame.cardField, set: (x) => (out[i] = x) }));
    } else {
      const out: Record<string, unknown> = {};
      set(out);
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        const kind = keyKind(key, frame.inCard);
        if (kind === "cvv") continue;
        const outKey = maskString(key);
        if (kind === "secret") {
          out[outKey] = REDACTED;
          continue;
        }
        stack.push({
          value: child,
          depth: depth + 1,
          inCard: frame.inCard || kind === "card",
          cardField: frame.cardField || kind === "card_number",
          set: (x) => (out[outKey] = x),
        });
      }
    }
  }
  return root.value;
}

/** How a masked card number is written: its last four digits only. */
export function maskedCard(lastFour: string): string {
  return `•••• ${lastFour}`;
}

export const REDACTED = "[redacted]";
const TOO_DEEP = "[too deep]";
const UNSAFE_NUMBER = "[number too large to keep]";
/** As deep as lib/http/body.ts lets a JSON body be (MAX_JSON_DEPTH), and a little more. */
const MAX_DEPTH = 40;

type Frame = { value: unknown; depth: number; inCard: boolean; cardField: boolean; set: (v: unknown) => void };

/** `card[cvc]`, `cardCvc`, `card_cvc`, `Card-CVC` → ["card", "cvc"]. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const CVV_WORDS = new Set(["cvv", "cvc", "cvv2", "cvc2", "cvn", "csc", "cid2"]);
const CVV_JOINED = new Set(["securitycode", "cardsecuritycode", "cardverificationvalue", "cardverificationcode", "verificationcode"]);
const SECRET_WORDS = new Set(["password", "passwd", "pwd", "passcode", "passphrase", "secret", "token", "authorization", "cookie", "apikey", "pin", "otp"]);
const SECRET_JOINED = new Set(["access", "refresh", "pass", "key", "apikey", "xapikey", "privatekey", "setcookie", "clientsecret", "sessionid"]);
/** Names that mention a secret without holding one. */
const NOT_SECRET_JOINED = new Set(["tokentype", "tokenexpiresin", "passwordset", "haspassword"]);
const CARD_NUMBER_JOINED = new Set(["ccnum", "ccnumber", "cardnum", "cardnumber", "cardno", "pan", "cardpan", "primaryaccountnumber", "accountnumber"]);

type KeyKind = "cvv" | "secret" | "card" | "card_number" | "plain";

function keyKind(key: string, inCard: boolean): KeyKind {
  const w = words(key);
  const joined = w.join("");
  if (w.some((x) => CVV_WORDS.has(x)) || CVV_JOINED.has(joined)) return "cvv";
  if (NOT_SECRET_JOINED.has(joined)) return "plain";
  if (w.some((x) => SECRET_WORDS.has(x)) || SECRET_JOINED.has(joined) || joined.endsWith("password") || joined.endsWith("secret")) return "secret";
  if (CARD_NUMBER_JOINED.has(joined) || (inCard && joined === "number")) return "card_number";
  if (w.includes("card") || w.includes("cards")) return "card";
  return "plain";
}

// NUL, and UTF-16 surrogates without their pair: jsonb refuses both.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function maskString(s: string): string {
  return scrubSecrets(maskCardNumbers(s.replace(UNSTORABLE, "\uFFFD"), maskedCard));
}

/** A card-number field's value: its last four digits, whatever its checksum or format. */
function maskCardField(s: string): string {
  const digits = s.replace(/\D/g, "");
  if (digits.length <= 4) return maskString(s);
  return maskedCard(digits.slice(-4));
}

function maskNumber(n: number): number | string {
  if (!Number.isInteger(n) || Math.abs(n) < 1e12 || Math.abs(n) >= 1e19) return n;
  const digits = String(Math.abs(n));
  // Past 2^53 a double no longer holds every digit (the last four it shows may not be the card's):
  // the number may have been a card, so none of it is kept.
  if (!Number.isSafeInteger(n)) return UNSAFE_NUMBER;
  return maskString(digits) === digits ? n : maskedCard(digits.slice(-4));
}
