import { Limit, longestBlock, minutesText, RateLimitedError } from "@/lib/rate-limit";

/**
 * Card testing: declined payments count per user, per client IP and per cart, 5 in 10 minutes
 * each; past that, every payment attempt from that user, address or cart is refused (429) until
 * the window ends, whatever card comes next. Payments that go through are not counted.
 */
export const MAX_DECLINES = 5;
const windowSeconds = 10 * 60;
const perUser = new Limit({ name: "declines-user", points: MAX_DECLINES, windowSeconds });
const perIp = new Limit({ name: "declines-ip", points: MAX_DECLINES, windowSeconds });
const perCart = new Limit({ name: "declines-cart", points: MAX_DECLINES, windowSeconds });

export type Payer = { userId: string; ip?: string | null; cartId: string };

/** Throws RateLimitedError when this user, address or cart has used up its declines. */
export async function assertPaymentAllowed(payer: Payer): Promise<void> {
  const wait = await longestBlock([
    [perUser, payer.userId],
    [perIp, payer.ip],
    [perCart, payer.cartId],
  ]);
  if (wait !== null) throw new RateLimitedError(`Too many declined payments. Try again in ${minutesText(wait)}.`, wait);
}

export async function recordDecline(payer: Payer): Promise<void> {
  await Promise.all([perUser.record(payer.userId), perCart.record(payer.cartId), payer.ip ? perIp.record(payer.ip) : undefined]);
}
