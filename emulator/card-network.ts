/**
 * The card network, simulated: confirming a PaymentIntent asks it for an answer based on the
 * payment method's test behaviour (emulator/cards.ts). The answer is a 3-D Secure challenge
 * (`requires_action`), a decline (a failed charge and a 402 `card_error`) or an authorization
 * (a charge, captured now or later). Invoices paid by an intent follow its outcome (billing.ts).
 */
import type Stripe from "stripe";
import { invoiceActionRequired, invoiceAttemptFailed, invoicePaid } from "./billing";
import { bankFailureMessage } from "./bank-accounts";
import { DECLINES, type CardBehaviour, type Decline } from "./cards";
import type { Engine } from "./engine";
import { StripeApiError } from "./errors";
import { unexpectedState } from "./payment-intents";
import { newId, nowSeconds, randomId, type Obj } from "./store";

export interface ConfirmOptions {
  offSession: boolean;
  /** Where a redirect-based 3-D Secure challenge returns to. */
  returnUrl?: string;
  /** Confirmed by Stripe.js (or `use_stripe_sdk`): a challenge is a `use_stripe_sdk` next action. */
  useStripeSdk: boolean;
  /** Decline instead of asking for 3-D Secure. */
  errorOnRequiresAction?: boolean;
}

/** Test cards that ask for 3-D Secure (on-session payments and setups). */
export const needsAuthentication = (b: CardBehaviour) => b === "three_d_secure" || b === "three_d_secure_always" || b === "three_d_secure_then_insufficient_funds";

/** Bank debits (us_bank_account) sit in `processing` this long (emulator clock) before their outcome. */
export const DELAYED_SETTLEMENT_MS = 5_000;

/** What confirming with a payment method does: charge it, decline it, or ask for 3-D Secure. */
export type Outcome = { kind: "authorize" } | { kind: "decline"; decline: Decline } | { kind: "requires_action" };

/**
 * The outcome of confirming with `pm` whose test behaviour is `behaviour`, without doing anything.
 * Off-session, a card that needs authentication declines (`authentication_required`), except for
 * an invoice's PaymentIntent, which waits in `requires_action` (`invoice.payment_action_required`);
 * a card set up with 3-D Secure (an off-session SetupIntent, or an on-session payment for a customer
 * or `setup_future_usage`) is charged off-session without a challenge (4000002500003155), while
 * 4000002760003184 and 4000000000003220 always ask.
 */
export function outcomeOf(
  e: Engine,
  pm: Obj,
  behaviour: CardBehaviour,
  o: { offSession: boolean; authenticated: boolean; forInvoice: boolean; errorOnRequiresAction?: boolean },
): Outcome {
  const setUp = o.offSession && behaviour === "three_d_secure" && e.store.get(pm.id) !== undefined && e.meta(pm.id).setUpOffSession === true;
  if (needsAuthentication(behaviour) && !o.authenticated && !setUp) {
    if ((o.offSession && !o.forInvoice) || o.errorOnRequiresAction) return { kind: "decline", decline: DECLINES.authentication_required };
    return { kind: "requires_action" };
  }
  // 4000008260003178: the challenge succeeds, then the issuer declines (insufficient_funds).
  if (behaviour === "three_d_secure_then_insufficient_funds") return { kind: "decline", decline: DECLINES[behaviour] };
  if (behaviour !== "succeed" && behaviour !== "refund_pending" && !needsAuthentication(behaviour)) return { kind: "decline", decline: DECLINES[behaviour] };
  return { kind: "authorize" };
}

/** Confirm `pi` with its payment method. Throws the 402 `card_error` of a decline (after recording it). */
export function confirm(e: Engine, pi: Obj, opts: ConfirmOptions): void {
  const pm = e.get(pi.payment_method, "payment_method", "payment_method");
  const previousStatus = pi.status;
  pi.last_payment_error = null;
  pi.next_action = null;
  if (pm.type === "us_bank_account") {
    startBankDebit(e, pi, pm, previousStatus);
    return;
  }
  const outcome = outcomeOf(e, pm, behaviourOf(e, pm), {
    offSession: opts.offSession,
    authenticated: e.meta(pi.id).authenticated === true,
    forInvoice: e.meta(pi.id).invoice !== undefined,
    errorOnRequiresAction: opts.errorOnRequiresAction,
  });
  if (outcome.kind === "decline") decline(e, pi, pm, outcome.decline);
  if (outcome.kind === "requires_action") requireAction(e, pi, pm, opts, previousStatus);
  else authorize(e, pi, pm, previousStatus);
}

/** Confirm inside another operation (subscriptions, invoices): returns the 402 error instead of throwing. */
export function tryConfirm(e: Engine, pi: Obj, opts: { offSession: boolean; paymentMethod: string | null }): StripeApiError | null {
  if (opts.paymentMethod) pi.payment_method = opts.paymentMethod;
  if (!pi.payment_method) return null;
  try {
    confirm(e, pi, { offSession: opts.offSession, useStripeSdk: false });
    return null;
  } catch (err) {
    if (err instanceof StripeApiError) return err;
    throw err;
  }
}

/** The card's test behaviour, or a one-off decline injected with `fail_next`. */
function behaviourOf(e: Engine, pm: Obj): CardBehaviour {
  const meta = e.meta(pm.id);
  if (meta.failNext) {
    meta.failNext = false;
    return "decline_generic";
  }
  return meta.behaviour ?? "succeed";
}

/** 3-D Secure: the intent waits in `requires_action` for the challenge (Stripe.js modal or redirect page). */
function requireAction(e: Engine, pi: Obj, pm: Obj, opts: ConfirmOptions, previousStatus: string): void {
  pi.status = "requires_action";
  pi.next_action = threeDSecureNextAction(e, pi.id, pm, opts);
  if (opts.returnUrl) e.meta(pi.id).returnUrl = opts.returnUrl;
  e.touch();
  if (previousStatus !== "requires_action") {
    e.emit("payment_intent.requires_action", pi, { status: previousStatus });
    invoiceActionRequired(e, pi);
  }
}

/**
 * The next action of a 3-D Secure challenge for a PaymentIntent or SetupIntent: a redirect to the
 * emulator's challenge page for server-side confirmations with `return_url`, else `use_stripe_sdk`.
 */
export function threeDSecureNextAction(e: Engine, intentId: string, pm: Obj, opts: { returnUrl?: string; useStripeSdk: boolean }): Obj {
  const challengeUrl = `${e.baseUrl()}/_emulator/3ds/${intentId}`;
  if (opts.returnUrl && !opts.useStripeSdk) {
    return {
      type: "redirect_to_url",
      redirect_to_url: { return_url: opts.returnUrl, url: `${challengeUrl}?return_url=${encodeURIComponent(opts.returnUrl)}` },
    };
  }
  return {
    type: "use_stripe_sdk",
    use_stripe_sdk: {
      type: "stripe_3ds2_fingerprint",
      three_d_secure_2_source: `src_${randomId(24)}`,
      directory_server_name: pm.card.brand,
      server_transaction_id: randomId(32),
      three_ds_method_url: "",
      three_ds_optimizations: "",
      emulator_challenge_url: challengeUrl,
    },
  };
}

/** An authorization: a succeeded charge, captured now or (`capture_method=manual`) later. */
function authorize(e: Engine, pi: Obj, pm: Obj, previousStatus: string): void {
  const piMeta = e.meta(pi.id);
  const manual = pi.capture_method === "manual";
  const charge = createCharge(e, pi, pm, { succeeded: true, captured: !manual, threeDS: piMeta.authenticated === true });
  pi.latest_charge = charge.id;
  if (manual) {
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
  } else {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
  }
  // Authenticated on-session and kept for the customer (or for future use): the card counts as set up.
  if (piMeta.authenticated && (pi.setup_future_usage || pi.customer)) e.meta(pm.id).setUpOffSession = true;
  piMeta.authenticated = false;
  if (pi.customer && pi.setup_future_usage && !pm.customer) {
    pm.customer = pi.customer;
    e.emit("payment_method.attached", pm, { customer: null });
  }
  // Not attached to a customer (no customer, or a customer without setup_future_usage): used up, as on Stripe.
  if (!pm.customer) e.meta(pm.id).consumed = true;
  e.touch();
  e.emit("charge.succeeded", charge);
  if (manual) e.emit("payment_intent.amount_capturable_updated", pi, { amount_capturable: 0, status: previousStatus });
  else e.emit("payment_intent.succeeded", pi, { status: previousStatus });
  if (piMeta.invoice && !manual) {
    const invoice = e.store.get(piMeta.invoice);
    if (invoice) invoicePaid(e, invoice, pi);
  }
}

/** Record a declined attempt (failed charge, events) and throw Stripe's 402 card_error. */
function decline(e: Engine, pi: Obj, pm: Obj, d: Decline): never {
  const previousStatus = pi.status;
  const charge = createCharge(e, pi, pm, { succeeded: false, captured: false, decline: d, threeDS: false });
  const pmRendered = e.render(pm);
  pi.status = "requires_payment_method";
  pi.latest_charge = charge.id;
  pi.payment_method = null;
  pi.next_action = null;
  pi.last_payment_error = {
    charge: charge.id,
    code: d.code,
    decline_code: d.decline_code,
    doc_url: `https://docs.stripe.com/error-codes/${d.code.replace(/_/g, "-")}`,
    message: d.message,
    payment_method: pmRendered,
    type: "card_error",
  };
  e.meta(pi.id).authenticated = false;
  if (!pm.customer) e.meta(pm.id).consumed = true;
  e.touch();
  e.emit("charge.failed", charge);
  e.emit("payment_intent.payment_failed", pi, previousStatus !== "requires_payment_method" ? { status: previousStatus } : undefined);
  invoiceAttemptFailed(e, pi);
  throw new StripeApiError(402, "card_error", d.message, {
    code: d.code,
    decline_code: d.decline_code,
    charge: charge.id,
    payment_intent: e.render(pi),
    payment_method: pmRendered,
  });
}

/** ACH: the debit is submitted (`processing`, a pending charge); its outcome comes later (`settleDue`). */
function startBankDebit(e: Engine, pi: Obj, pm: Obj, previousStatus: string): void {
  const charge = createCharge(e, pi, pm, { succeeded: false, pending: true, captured: true, threeDS: false });
  pi.latest_charge = charge.id;
  pi.status = "processing";
  if (!pm.customer && !(pi.customer && pi.setup_future_usage)) e.meta(pm.id).consumed = true;
  e.meta(pi.id).settlesAt = e.store.now() + DELAYED_SETTLEMENT_MS;
  e.touch();
  e.emit("charge.pending", charge);
  e.emit("payment_intent.processing", pi, { status: previousStatus });
}

/** Settle the bank debits whose time has come on the emulator clock: succeeded, or failed with the account's failure code. */
export function settleDue(e: Engine): string[] {
  const now = e.store.now();
  const settled: string[] = [];
  const due = e.store
    .all("payment_intent", "status=processing")
    .filter((pi) => pi.status === "processing" && (e.meta(pi.id).settlesAt ?? Infinity) <= now)
    .sort((a, b) => e.meta(a.id).settlesAt! - e.meta(b.id).settlesAt!);
  for (const pi of due) {
    const meta = e.meta(pi.id);
    meta.settlesAt = undefined;
    const charge = e.get(pi.latest_charge, "charge");
    const pm = e.get(pi.payment_method, "payment_method");
    const failure = e.meta(pm.id).bankFailure ?? null;
    if (failure) {
      const message = bankFailureMessage(failure);
      Object.assign(charge, { status: "failed", failure_code: failure, failure_message: message, outcome: { ...charge.outcome, network_status: "declined_by_network", type: "issuer_declined", reason: failure, seller_message: message } });
      pi.status = "requires_payment_method";
      pi.payment_method = null;
      pi.last_payment_error = { charge: charge.id, code: failure, doc_url: `https://docs.stripe.com/error-codes/${failure.replace(/_/g, "-")}`, message, payment_method: e.render(pm), type: "invalid_request_error" };
      e.touch();
      e.emit("charge.failed", charge, { status: "pending" });
      e.emit("payment_intent.payment_failed", pi, { status: "processing" });
      invoiceAttemptFailed(e, pi);
    } else {
      Object.assign(charge, { status: "succeeded", paid: true, balance_transaction: newId("txn"), outcome: { ...charge.outcome, network_status: "approved_by_network", type: "authorized", seller_message: "Payment complete." } });
      pi.status = "succeeded";
      pi.amount_received = pi.amount;
      e.touch();
      e.emit("charge.succeeded", charge, { status: "pending" });
      e.emit("payment_intent.succeeded", pi, { status: "processing" });
      if (meta.invoice) {
        const invoice = e.store.get(meta.invoice);
        if (invoice) invoicePaid(e, invoice, pi);
      }
    }
    settled.push(pi.id);
  }
  return settled;
}

function createCharge(e: Engine, pi: Obj, pm: Obj, o: { succeeded: boolean; pending?: boolean; captured: boolean; decline?: Decline; threeDS: boolean }): Obj {
  const card = pm.card ?? {};
  const id = newId("ch");
  // What a test card network reports: no ECI, exemption or transaction link (not in these answers).
  const cardDetails = {
    amount_authorized: o.succeeded ? pi.amount : null,
    authorization_code: o.succeeded ? String(100000 + Math.floor(Math.random() * 899999)) : null,
    brand: card.brand,
    checks: structuredClone(card.checks),
    country: card.country,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    fingerprint: card.fingerprint,
    funding: card.funding,
    installments: null,
    last4: card.last4,
    mandate: null,
    network: card.brand,
    network_token: { used: false },
    network_transaction_id: o.succeeded ? randomId(15) : null,
    regulated_status: "unregulated",
    three_d_secure: o.threeDS ? { authentication_flow: "challenge", result: "authenticated", result_reason: null, version: "2.2.0" } : null,
    wallet: null,
  } as Stripe.Charge.PaymentMethodDetails.Card;
  // Stripe's list of a charge's refunds also counts them (`total_count`, not in the SDK's ApiList type).
  const refunds = { object: "list" as const, data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` };
  const charge: Stripe.Charge = {
    id,
    object: "charge",
    amount: pi.amount,
    amount_captured: o.captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: o.succeeded ? newId("txn") : null,
    billing_details: structuredClone(pm.billing_details),
    calculated_statement_descriptor: "CASHLINE",
    captured: o.captured,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: o.decline?.code ?? null,
    failure_message: o.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: structuredClone(pi.metadata),
    on_behalf_of: null,
    outcome: o.succeeded || o.pending
      ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: "approved_by_network", reason: null, risk_level: "normal", risk_score: 20, seller_message: "Payment complete.", type: "authorized" }
      : o.decline?.decline_code === "fraudulent"
        ? // Blocked by Radar (4100000000000019): never sent to the card network.
          { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: "not_sent_to_network", reason: "highest_risk_level", risk_level: "highest", risk_score: 95, seller_message: "Stripe blocked this payment as too risky.", type: "blocked" }
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: "declined_by_network",
            reason: o.decline?.decline_code ?? null,
            risk_level: "normal",
            risk_score: 20,
            seller_message: "The bank did not return any further details with this decline.",
            type: "issuer_declined",
          },
    paid: o.succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details:
      pm.type === "us_bank_account"
        ? ({
            type: "us_bank_account",
            us_bank_account: {
              account_holder_type: pm.us_bank_account.account_holder_type,
              account_type: pm.us_bank_account.account_type,
              bank_name: pm.us_bank_account.bank_name,
              fingerprint: pm.us_bank_account.fingerprint,
              last4: pm.us_bank_account.last4,
              payment_reference: null,
              routing_number: pm.us_bank_account.routing_number,
            },
          } as Stripe.Charge.PaymentMethodDetails)
        : { card: cardDetails, type: "card" },
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: o.succeeded ? `${e.baseUrl()}/_emulator/receipts/${id}` : null,
    refunded: false,
    refunds,
    review: null,
    shipping: pi.shipping ?? null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: o.pending ? "pending" : o.succeeded ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
  e.insert(charge);
  return charge;
}

/** Test helper: finish (or fail) the 3-D Secure challenge of a `requires_action` PaymentIntent. */
export function completeThreeDSecure(e: Engine, id: string, outcome: "complete" | "fail"): Obj {
  const pi = e.get(id, "payment_intent");
  if (pi.status !== "requires_action") throw unexpectedState(e, pi, "authenticate");
  if (outcome === "complete") {
    e.meta(pi.id).authenticated = true;
    try {
      confirm(e, pi, { offSession: false, useStripeSdk: true });
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
    }
    return e.render(pi);
  }
  const pm = e.store.get(pi.payment_method);
  pi.status = "requires_payment_method";
  pi.next_action = null;
  pi.payment_method = null;
  pi.last_payment_error = {
    code: "payment_intent_authentication_failure",
    doc_url: "https://docs.stripe.com/error-codes/payment-intent-authentication-failure",
    message: "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    payment_method: pm ? e.render(pm) : undefined,
    type: "invalid_request_error",
  };
  e.touch();
  e.emit("payment_intent.payment_failed", pi, { status: "requires_action" });
  invoiceAttemptFailed(e, pi);
  return e.render(pi);
}

/** Test helper: make the next charge on this payment method decline (generic_decline). */
export function failNext(e: Engine, id: string): Obj {
  const pm = e.get(id, "payment_method");
  e.meta(pm.id).failNext = true;
  e.touch();
  return e.render(pm);
}

/** The return_url given when a challenge started (for the redirect page). */
export function returnUrlOf(e: Engine, piId: string): string | undefined {
  return e.meta(piId).returnUrl;
}
