import type Stripe from "stripe";
import { z } from "zod";
import type { SubscriptionRow } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/types";
import { env } from "@/lib/env";
import { CardDeclinedError, DomainError } from "@/lib/errors";
import { assertPaymentAllowed, recordDecline } from "@/lib/checkout/payment-limits";
import { luhnValid } from "@/lib/security/secrets";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import { currentSubscription, subscribeOrRetry, syncSubscription } from "./index";

/**
 * Seed 001's subscriptions service (the old Django app), verbatim:
 * `POST /api/subscriptions/subscribe` with raw card fields, `GET /api/subscriptions/status`.
 */

/** A JSON number or a string of digits, as the old serializer accepted both. */
const digits = (name: string, pattern: RegExp, message: string) =>
  z.preprocess(
    (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : typeof v === "string" ? v.trim() : v),
    z.string({ error: `${name} is required.` }).regex(pattern, message),
  );

export const seed001SubscribeSchema = z
  .object({
    subscription_product: z.string({ error: "subscription_product is required." }).trim().min(1, "subscription_product is required.").max(100),
    card_number: digits("card_number", /^\d{12,19}$/, "card_number must be 12 to 19 digits.").refine(luhnValid, "card_number is not a valid card number."),
    card_expiration_month: digits("card_expiration_month", /^\d{1,2}$/, "card_expiration_month must be a number from 1 to 12.")
      .transform(Number)
      .refine((m) => m >= 1 && m <= 12, "card_expiration_month must be a number from 1 to 12."),
    card_expiration_year: digits("card_expiration_year", /^\d{4}$/, "card_expiration_year must be a four-digit year.").transform(Number),
    card_cvc: digits("card_cvc", /^\d{3,4}$/, "card_cvc must be 3 or 4 digits."),
  })
  .superRefine((b, ctx) => {
    const now = new Date();
    const year = now.getUTCFullYear();
    if (b.card_expiration_year > year + 50) ctx.addIssue({ code: "custom", path: ["card_expiration_year"], message: "card_expiration_year is too far in the future." });
    else if (b.card_expiration_year < year || (b.card_expiration_year === year && b.card_expiration_month < now.getUTCMonth() + 1)) {
      ctx.addIssue({ code: "custom", path: ["card_expiration_year"], message: "The card has expired." });
    }
  });

export type Seed001SubscribeBody = z.output<typeof seed001SubscribeSchema>;

export type Seed001Status = {
  status: "successful" | "failed" | "canceled";
  payment_gateway_status: string;
  current_period_start: string | null;
  current_period_end: string | null;
  id_reference: string | null;
  price_reference: string;
  purchase_date: string | null;
};

/** `2021-10-04T14:31:51Z`: UTC, no milliseconds. */
const isoSeconds = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null);

export function seed001Status(row: SubscriptionRow): Seed001Status {
  const s = row.status;
  return {
    status: s === "active" || s === "trialing" ? "successful" : s === "canceled" ? "canceled" : "failed",
    payment_gateway_status: s,
    current_period_start: isoSeconds(row.currentPeriodStart),
    current_period_end: isoSeconds(row.currentPeriodEnd),
    id_reference: row.stripeSubscriptionId,
    price_reference: row.stripePriceId,
    purchase_date: (row.stripeCreatedAt ?? row.createdAt).toISOString().slice(0, 10),
  };
}

/** `GET /api/subscriptions/status`: 404 when the user never subscribed. */
export async function seed001CurrentStatus(userId: string): Promise<Seed001Status> {
  const row = await currentSubscription(userId);
  if (!row) throw new DomainError("not_found", "Not found.");
  return seed001Status(row);
}

/** The subscribe answer: the status document, and where to complete 3-D Secure when needed. */
export type Seed001SubscribeResult = Seed001Status & { authentication_url?: string };

/**
 * `POST /api/subscriptions/subscribe`: subscribe, then pay the first invoice with the card from
 * the request (straight into Stripe's `payment_method_data`: never stored, never logged).
 * A user whose subscription is still incomplete (a decline, an abandoned challenge) retries on
 * the same subscription; anyone else with a live one gets 409.
 */
export async function seed001Subscribe(user: SessionUser, body: Seed001SubscribeBody, ip: string | null = null): Promise<Seed001SubscribeResult> {
  // Card testing: the same decline limits as API checkouts (429 once used up, whatever the card).
  const payer = { userId: user.id, ip, cartId: `subscription:${user.id}` };
  await assertPaymentAllowed(payer);
  const payment = await subscribeOrRetry(user, body.subscription_product, "subscription_product");
  const { subscription, clientSecret } = payment;
  if (!clientSecret || !subscription.stripeSubscriptionId) return seed001Status(subscription);
  const paymentIntentId = clientSecret.split("_secret_")[0];
  let intent: Stripe.PaymentIntent;
  try {
    intent = await getStripe().paymentIntents.confirm(paymentIntentId, {
      payment_method_data: {
        type: "card",
        card: { number: body.card_number, exp_month: body.card_expiration_month, exp_year: body.card_expiration_year, cvc: body.card_cvc },
      } as Stripe.PaymentIntentConfirmParams.PaymentMethodData,
      return_url: `${env().appUrl}/account/subscription`,
    });
  } catch (err) {
    const failure = classifyStripeError(err);
    if (failure?.kind === "card") {
      await recordDecline(payer);
      throw new CardDeclinedError(failure.message, failure.declineCode, null, failure.code);
    }
    throw err;
  } finally {
    await syncSubscription(subscription.stripeSubscriptionId).catch(() => undefined);
  }
  const row = (await currentSubscription(user.id)) ?? subscription;
  const url = intent.status === "requires_action" && intent.next_action?.type === "redirect_to_url" ? intent.next_action.redirect_to_url?.url : null;
  return url ? { ...seed001Status(row), authentication_url: url } : seed001Status(row);
}
