/**
 * Currencies and amounts as Stripe has them: the currencies it supports, zero-decimal ones, the
 * documented minimum charge per currency and the 8-digit maximum, and amounts as its messages
 * print them ("$19.00", "500 JPY").
 */
import { invalidRequest } from "./errors";

const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Stripe's supported presentment currencies (docs.stripe.com/currencies). */
export const CURRENCIES = [
  "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn", "bhd", "bif", "bmd", "bnd", "bob",
  "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb",
  "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod",
  "jpy", "kes", "kgs", "khr", "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt",
  "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln",
  "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "tnd",
  "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "uyu", "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw",
];
const CURRENCY_SET = new Set(CURRENCIES);

/**
 * Stripe's documented minimum charge amounts (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts),
 * in minor units. Other currencies: the equivalent of $0.50, which needs exchange rates the
 * emulator does not have, so only a positive amount is required.
 */
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500,
  inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** The largest amount Stripe takes: eight digits. */
export const MAX_AMOUNT = 99999999;

const SYMBOLS: Record<string, string> = { usd: "$", eur: "€", gbp: "£" };

export function formatMoney(amount: number, currency: string): string {
  if (amount < 0) return `-${formatMoney(-amount, currency)}`; // a credit: "-$4.50", as Stripe writes it
  const c = (currency ?? "usd").toLowerCase();
  const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (ZERO_DECIMAL.has(c)) return `${group(String(amount))} ${c.toUpperCase()}`;
  const [whole, cents] = (amount / 100).toFixed(2).split(".");
  const value = `${group(whole)}.${cents}`;
  return SYMBOLS[c] ? `${SYMBOLS[c]}${value}` : `${value} ${c.toUpperCase()}`;
}

/** The smallest amount a charge in `currency` may have (1 for currencies without a documented minimum). */
export function minimumCharge(currency: string): number {
  return MINIMUM_CHARGE[(currency ?? "").toLowerCase()] ?? 1;
}

/** Throws Stripe's 400 for a currency it does not support. */
export function checkCurrency(currency: string, param = "currency"): void {
  if (!CURRENCY_SET.has(currency.toLowerCase())) {
    throw invalidRequest(`Invalid currency: ${currency.toLowerCase()}. Stripe currently supports these currencies: ${CURRENCIES.join(", ")}`, param, "invalid_currency");
  }
}
