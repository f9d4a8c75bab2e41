import { env } from "@/lib/env";
import { CardDeclinedError, DomainError, RateLimitedError, type FieldErrors } from "@/lib/errors";
import { toMinorUnits } from "@/lib/money";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import { checkCard, textField, type KeyedCard } from "./card";
import type { IvrCaller } from "./caller";
import { createIvrTransaction, getIvrTransaction, payIvrTransaction } from "./transactions";

/**
 * Twilio <Pay> through its Generic Pay Connector
 * (https://www.twilio.com/docs/voice/twiml/pay/generic-pay-connector): Twilio POSTs JSON
 * `{method: "charge"|"tokenize", transaction_id, cardnumber, cvv, expiry_month, expiry_year (two
 * digits), amount (a decimal string), currency_code, postal_code, description, parameters}` with
 * HTTP Basic credentials, and reads `{charge_id | token_id, error_code, error_message}` back.
 *
 * A charge pays the pending IVR transaction named in `parameters.trans_id` (a merchant passes it
 * with <Parameter>), and only for exactly its amount and currency. Without one it is refused,
 * unless IVR_ALLOW_ADHOC=true: then a transaction is made for it (keyed by Twilio's
 * transaction_id, so Twilio's retries pay once), up to IVR_MAX_AMOUNT.
 */
export type TwilioAnswer = { charge_id?: string | null; token_id?: string | null; error_code: string | null; error_message: string | null };

type ParsedRequest = { method: "charge" | "tokenize"; transactionId: string; card: KeyedCard; amount: string | null; currency: string; parameters: Record<string, unknown> };

function parse(body: Record<string, unknown>): ParsedRequest {
  const fields: FieldErrors = {};
  const text = (name: string) => textField(body, name, fields);
  const method = text("method");
  if (method !== null && method !== "charge" && method !== "tokenize") fields.method = ['must be "charge" or "tokenize"'];
  const transactionId = text("transaction_id");
  const card = checkCard({ number: text("cardnumber"), cvc: text("cvv") }, fields, { number: "cardnumber", cvc: "cvv" });
  const month = text("expiry_month");
  const year = text("expiry_year");
  if (month !== null && (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12)) fields.expiry_month = ["must be a month, 01 to 12"];
  if (year !== null && !/^\d{2}$/.test(year)) fields.expiry_year = ["must be two digits"];
  const amount = method === "charge" ? text("amount") : null;
  if (amount !== null && !/^\d+(\.\d{1,3})?$/.test(amount)) fields.amount = ["must be a decimal amount such as 10.50"];
  const currency = typeof body.currency_code === "string" && body.currency_code.trim() ? body.currency_code.trim().toLowerCase() : env().STORE_CURRENCY;
  if (!/^[a-z]{3}$/.test(currency)) fields.currency_code = ["must be a three-letter ISO currency code"];
  const parameters = body.parameters && typeof body.parameters === "object" && !Array.isArray(body.parameters) ? (body.parameters as Record<string, unknown>) : {};
  if (Object.keys(fields).length) throw new DomainError("invalid_request", `Invalid ${Object.keys(fields).join(", ")}`, fields);
  return {
    method: method as "charge" | "tokenize",
    transactionId: transactionId!,
    card: { number: card.number, cvc: card.cvc, expMonth: Number(month), expYear: 2000 + Number(year) },
    amount,
    currency,
    parameters,
  };
}

const refused = (code: string, message: string): TwilioAnswer => ({ error_code: code, error_message: message });

/** Answer one Generic Pay Connector request. Input problems throw (a 400 naming the field). */
export async function handleTwilioPay(body: Record<string, unknown>, by: IvrCaller): Promise<TwilioAnswer> {
  const req = parse(body);
  return req.method === "tokenize" ? tokenize(req) : charge(req, by);
}

async function charge(req: ParsedRequest, by: IvrCaller): Promise<TwilioAnswer> {
  let amount: number;
  try {
    amount = toMinorUnits(req.amount!, req.currency);
  } catch (err) {
    throw new DomainError("invalid_request", "Invalid amount", { amount: [(err as Error).message] });
  }
  const named = typeof req.parameters.trans_id === "string" ? req.parameters.trans_id : null;
  let transId: string;
  if (named) {
    const tx = await getIvrTransaction(named);
    if (!tx) return { charge_id: null, ...refused("unknown_transaction", "No IVR transaction with this trans_id.") };
    if (tx.amount !== amount || tx.currency !== req.currency) {
      return { charge_id: null, ...refused("amount_mismatch", `The transaction is for ${tx.amount} ${tx.currency} (minor units), not ${amount} ${req.currency}.`) };
    }
    transId = named;
  } else {
    if (!env().IVR_ALLOW_ADHOC) return { charge_id: null, ...refused("transaction_required", "Pass a pending IVR transaction as <Parameter name=\"trans_id\">.") };
    if (amount > env().IVR_MAX_AMOUNT || req.currency !== env().STORE_CURRENCY) {
      return { charge_id: null, ...refused("amount_not_allowed", `Ad-hoc phone charges are limited to ${env().IVR_MAX_AMOUNT} ${env().STORE_CURRENCY} (minor units).`) };
    }
    transId = `twilio-${req.transactionId}`.slice(0, 64);
    const existing = await getIvrTransaction(transId);
    if (!existing) await createIvrTransaction({ amount, currency: req.currency, transId, description: "Twilio <Pay> charge" }, by).catch(ignoreDuplicate);
  }
  try {
    const paid = await payIvrTransaction(transId, req.card, by);
    return { charge_id: paid.paymentIntentId, error_code: null, error_message: null };
  } catch (err) {
    if (err instanceof CardDeclinedError) return { charge_id: null, ...refused(err.declineCode ?? "card_declined", err.message) };
    if (err instanceof RateLimitedError) throw err;
    if (err instanceof DomainError) return { charge_id: null, ...refused(err.code === "invalid_request" ? "transaction_not_payable" : err.code, err.message) };
    throw err;
  }
}

function ignoreDuplicate(err: unknown): void {
  if (!(err instanceof DomainError && err.code === "duplicate_trans_id")) throw err;
}

/** Save the card on the Stripe customer named in `parameters.customer`: its PaymentMethod id is the token. */
async function tokenize(req: ParsedRequest): Promise<TwilioAnswer> {
  const customer = typeof req.parameters.customer === "string" ? req.parameters.customer : null;
  if (!customer || !/^cus_[A-Za-z0-9]+$/.test(customer)) return { token_id: null, ...refused("customer_required", 'Pass the Stripe customer as <Parameter name="customer">.') };
  const stripe = getStripe();
  try {
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: req.card.number, exp_month: req.card.expMonth, exp_year: req.card.expYear, cvc: req.card.cvc } });
    await stripe.paymentMethods.attach(pm.id, { customer }, { idempotencyKey: `cashline-twilio-tokenize-${req.transactionId}` });
    return { token_id: pm.id, error_code: null, error_message: null };
  } catch (err) {
    const failure = classifyStripeError(err);
    if (failure?.kind === "card") return { token_id: null, ...refused(failure.declineCode ?? failure.code ?? "card_declined", failure.message) };
    if (failure?.kind === "not_found") return { token_id: null, ...refused("invalid_customer", failure.message) };
    throw err;
  }
}
