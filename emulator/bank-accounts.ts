/**
 * US bank accounts (ACH Direct Debit) with Stripe's test numbers: routing 110000000 ("STRIPE TEST
 * BANK") and account numbers that succeed or fail after the payment sat in `processing`. Micro-
 * deposit verification is skipped: an account given by number is usable at once.
 */
import { createHmac } from "node:crypto";
import { invalidRequest } from "./errors";

export const TEST_ROUTING_NUMBER = "110000000";

/** Test account numbers → the failure code the debit ends with (absent: it succeeds). */
export const BANK_FAILURES: Record<string, { code: string; message: string }> = {
  "000111111116": { code: "no_account", message: "The customer's bank account could not be located." },
  "000111111113": { code: "account_closed", message: "The customer's bank account has been closed." },
  "000222222227": { code: "insufficient_funds", message: "The customer's account has insufficient funds to cover this payment." },
  "000333333335": { code: "debit_not_authorized", message: "The customer has notified their bank that this payment was unauthorized." },
  "000444444440": { code: "invalid_currency", message: "The bank was unable to process this payment because of its currency." },
};

export interface BankAccountInput {
  routing_number?: string;
  account_number?: string;
  account_holder_type?: "individual" | "company";
  account_type?: "checking" | "savings";
}

export interface CheckedBankAccount {
  details: {
    account_holder_type: "individual" | "company" | null;
    account_type: "checking" | "savings" | null;
    bank_name: string;
    financial_connections_account: null;
    fingerprint: string;
    last4: string;
    networks: { preferred: string; supported: ["ach"] };
    routing_number: string;
    status_details: null;
  };
  /** The failure code its debits end with, or null when they succeed. */
  failure: string | null;
}

/** Check bank details like Stripe does at PaymentMethod creation (400 naming the param). */
export function checkBankAccount(input: BankAccountInput | undefined, prefix: string): CheckedBankAccount {
  if (!input) throw invalidRequest(`Missing required param: ${prefix}.`, prefix, "parameter_missing");
  const { routing_number, account_number } = input;
  if (!routing_number) throw invalidRequest(`Missing required param: ${prefix}[routing_number].`, `${prefix}[routing_number]`, "parameter_missing");
  if (!account_number) throw invalidRequest(`Missing required param: ${prefix}[account_number].`, `${prefix}[account_number]`, "parameter_missing");
  if (!/^\d{9}$/.test(routing_number) || !abaChecksumValid(routing_number)) {
    throw invalidRequest(`Routing number must have 9 digits and be a valid ABA routing number.`, `${prefix}[routing_number]`, "routing_number_invalid");
  }
  if (!/^\d{4,17}$/.test(account_number)) throw invalidRequest("Invalid account number.", `${prefix}[account_number]`, "account_number_invalid");
  return {
    details: {
      account_holder_type: input.account_holder_type ?? null,
      account_type: input.account_type ?? "checking",
      bank_name: routing_number === TEST_ROUTING_NUMBER ? "STRIPE TEST BANK" : "TEST BANK",
      financial_connections_account: null,
      fingerprint: createHmac("sha256", "cashline-stripe-emulator").update(`${routing_number}:${account_number}`).digest("base64url").replace(/[-_]/g, "").slice(0, 16),
      last4: account_number.slice(-4),
      networks: { preferred: "ach", supported: ["ach"] },
      routing_number,
      status_details: null,
    },
    failure: BANK_FAILURES[account_number]?.code ?? null,
  };
}

export function bankFailureMessage(code: string): string {
  return Object.values(BANK_FAILURES).find((f) => f.code === code)?.message ?? "The payment failed.";
}

/** ABA routing numbers: 3·d1 + 7·d2 + d3 + 3·d4 + ... ≡ 0 (mod 10). */
function abaChecksumValid(n: string): boolean {
  const d = [...n].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}
