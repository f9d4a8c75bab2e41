import type Stripe from "stripe";
import { z } from "zod";
import { createCart, keyedCart, productIdSchema, quantitySchema, replaceCart } from "@/lib/cart";
import { env } from "@/lib/env";
import { CardDeclinedError, DomainError } from "@/lib/errors";
import { uuidFromKey } from "@/lib/ids";
import { getOrder, settledOrderOfCart, type OrderWithItems } from "@/lib/orders";
import { CARD_NUMBER_RUN } from "@/lib/security/secrets";
import { classifyStripeError } from "@/lib/stripe/errors";
import { getStripe } from "@/lib/stripe/server";
import { applyPaymentIntent } from "./fulfil";
import { checkoutCart } from "./index";
import { assertPaymentAllowed, recordDecline } from "./payment-limits";

export const apiOrderItemsSchema = z
  .array(z.object({ product_id: productIdSchema, quantity: quantitySchema.default(1) }))
  .min(1, "must list at least one product")
  .max(50, "must list at most 50 products");

/**
 * A Stripe payment method id: prefix, `_`, 8–64 letters and digits (pm_1Nv...), or one of Stripe's
 * letters-only test tokens (pm_card_visa, tok_visa). Never a card number in disguise: a run of 13
 * or more digits is refused (card_5105105105105100 would otherwise travel on to Stripe).
 */
export const paymentMethodIdSchema = z
  .string({ error: "is required" })
  .regex(/^(?:(?:pm|tok|card|src)_[A-Za-z0-9]{8,64}|(?:pm_card|tok)_[A-Za-z]{2,40}(?:_[A-Za-z]{2,40})?)$/, "must be a Stripe payment method id (pm_...)")
  .refine((id) => !CARD_NUMBER_RUN.test(id), "must be a Stripe payment method id, not a card number");

export { CardDeclinedError };

/**
 * Place an order for products and pay it at once with a payment method (API clients: seed 002's
 * `POST /api/order/` and `POST /api/v1/orders`). It goes through the same checkout code as the
 * web: a cart of its own, priced by the server, one order and one PaymentIntent per cart version.
 * With an idempotency key a retried request reuses that cart, so it never charges twice.
 * Declines are limited per user, client IP and cart (payment-limits.ts): card testers get 429.
 */
export async function placeAndPayOrder(input: {
  user: { id: string; email: string };
  items: { product_id: string; quantity: number }[];
  paymentMethodId: string;
  idempotencyKey?: string | null;
  /** The client's IP (lib/auth/client-ip.ts), for the decline limit. */
  ip?: string | null;
}): Promise<OrderWithItems> {
  const quantities: Record<string, number> = {};
  for (const item of input.items) quantities[item.product_id] = Math.min(99, (quantities[item.product_id] ?? 0) + item.quantity);

  const cartId = input.idempotencyKey ? await keyedCart(`api-order:${input.user.id}:${input.idempotencyKey}`) : (await createCart()).id;
  if (input.idempotencyKey) {
    // A keyed cart serves one request: if it already paid, answer with that order, charge nothing.
    const done = await settledOrderOfCart(cartId);
    if (done) return done;
  }
  const payer = { userId: input.user.id, ip: input.ip, cartId };
  await assertPaymentAllowed(payer);
  await replaceCart(cartId, quantities);
  const session = await checkoutCart({ payer: input.user, cartId, source: "api", shipping: "not-collected" });

  const stripe = getStripe();
  let pi: Stripe.PaymentIntent;
  try {
    pi =
      !session.clientSecret
        ? await stripe.paymentIntents.retrieve(session.paymentIntentId)
        : await stripe.paymentIntents.confirm(
            session.paymentIntentId,
            { payment_method: input.paymentMethodId, return_url: `${env().appUrl}/checkout/complete` },
            // Server ids only: the client's payment method id enters the key hashed, never verbatim.
            { idempotencyKey: `cashline-api-confirm-${session.paymentIntentId}-${uuidFromKey(input.paymentMethodId)}` },
          );
  } catch (err) {
    const failure = classifyStripeError(err);
    if (failure?.kind === "card") {
      await recordDecline(payer);
      const failed = await stripe.paymentIntents.retrieve(session.paymentIntentId);
      throw new CardDeclinedError<OrderWithItems>(failure.message, failure.declineCode ?? failure.code, await applyPaymentIntent(failed));
    }
    if (failure?.kind === "not_found" || (failure?.kind === "invalid_request" && failure.param === "payment_method")) {
      throw new DomainError("invalid_payment_method", failure.message, { payment_method: [failure.message] });
    }
    throw err;
  }
  const order = (await applyPaymentIntent(pi)) ?? (await getOrder(session.orderId));
  if (pi.status === "requires_action") {
    throw new DomainError("authentication_required", "This card needs 3-D Secure: pay on the web checkout instead.");
  }
  return order!;
}
