/**
 * `/v1/refunds`: create (`payment_intent` or `charge`, full or partial), retrieve, list. A refund
 * of a card charge succeeds at once (`refund.created`, `charge.refunded`), except for Stripe's
 * pending-refund test card (4000000000007726, `pm_card_pendingRefund`): its refunds start
 * `pending` and succeed DELAYED_SETTLEMENT_MS later on the emulator clock (`refund.updated`,
 * `charge.refund.updated`). The charge's `amount_refunded` counts pending refunds, as Stripe's does.
 */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { formatMoney } from "../money";
import { S, validate } from "../params";
import { DELAYED_SETTLEMENT_MS } from "../card-network";
import { newId, nowSeconds, type Obj } from "../store";
import { listRoute, retrieveRoute, type Router } from "./factory";

export function refundRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/refunds", (ctx) => {
    const p = validate(ctx.params, {
      payment_intent: S.str(),
      charge: S.str(),
      amount: S.int({ min: 1 }),
      reason: S.str({ enum: ["duplicate", "fraudulent", "requested_by_customer"] }),
      metadata: S.metadata(),
      instructions_email: S.str(),
    });
    if (!p.payment_intent && !p.charge) throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", undefined, "parameter_missing");
    const charge = refundableCharge(e, p.charge, p.payment_intent);
    if (charge.status !== "succeeded" || !charge.captured) {
      throw invalidRequest(`Charge ${charge.id} has not been captured or did not succeed and cannot be refunded.`, "charge", "charge_not_refundable");
    }
    const refundable = charge.amount_captured - charge.amount_refunded;
    if (refundable <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, "charge", "charge_already_refunded");
    const amount = p.amount ?? refundable;
    if (amount > refundable) {
      throw invalidRequest(
        `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(refundable, charge.currency)})`,
        "amount",
        "amount_too_large",
      );
    }
    const pending = charge.payment_method ? e.store.get(charge.payment_method) !== undefined && e.meta(charge.payment_method).behaviour === "refund_pending" : false;
    const refund: Stripe.Refund = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      customer: charge.customer,
      customer_account: null,
      destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
      metadata: {},
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      reason: p.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: pending ? "pending" : "succeeded",
      transfer_reversal: null,
    };
    if (pending) refund.pending_reason = "processing";
    if (p.instructions_email) refund.instructions_email = p.instructions_email;
    e.applyMetadata(refund, p.metadata);
    e.checkExpand(refund, p.expand);
    e.insert(refund, pending ? { settlesAt: e.store.now() + DELAYED_SETTLEMENT_MS } : undefined);
    const prev = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    charge.refunds.data.unshift(structuredClone(refund));
    charge.refunds.total_count += 1;
    e.touch();
    e.emit("refund.created", refund);
    e.emit("charge.refunded", charge, prev);
    return e.render(refund, p.expand);
  });

  retrieveRoute(r, e, "/v1/refunds", "refund");
  listRoute(r, e, "/v1/refunds", "refund", { payment_intent: S.str(), charge: S.str() }, (p) => (o) =>
    (!p.payment_intent || o.payment_intent === p.payment_intent) && (!p.charge || o.charge === p.charge),
    ["payment_intent", "charge"],
  );
}

/** The charge a refund request names: `charge` (which must belong to `payment_intent` when both are given) or the intent's latest. */
function refundableCharge(e: Engine, chargeId: string | undefined, piId: string | undefined): Obj {
  if (chargeId) {
    const charge = e.get(chargeId, "charge", "charge");
    if (piId && charge.payment_intent !== piId) throw invalidRequest("The charge does not belong to this PaymentIntent.", "charge");
    return charge;
  }
  const pi = e.get(piId!, "payment_intent", "payment_intent");
  if (pi.status !== "succeeded" || !pi.latest_charge) {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, "payment_intent", "charge_not_refundable");
  }
  return e.get(pi.latest_charge, "charge");
}

/** Pending refunds whose time has come on the emulator clock: succeeded, on the charge's list too. */
export function settleDueRefunds(e: Engine): string[] {
  const now = e.store.now();
  const settled: string[] = [];
  const due = e.store
    .all("refund", "status=pending")
    .filter((r) => r.status === "pending" && (e.meta(r.id).settlesAt ?? Infinity) <= now)
    .sort((a, b) => e.meta(a.id).settlesAt! - e.meta(b.id).settlesAt!);
  for (const refund of due) {
    e.meta(refund.id).settlesAt = undefined;
    refund.status = "succeeded";
    delete refund.pending_reason;
    const charge = e.store.get(refund.charge);
    if (charge) {
      const i = charge.refunds.data.findIndex((r: Obj) => r.id === refund.id);
      if (i >= 0) charge.refunds.data[i] = structuredClone(refund);
      e.store.set(charge);
    }
    e.touch();
    e.emit("refund.updated", refund, { status: "pending" });
    if (charge) e.emit("charge.refund.updated", refund, { status: "pending" });
    settled.push(refund.id);
  }
  return settled;
}
