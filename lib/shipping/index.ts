import type { DbExecutor } from "@/db/client";
import type { ShippingAddress } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { db } from "@/lib/db";
import { addressLines } from "./countries";
import { findOfferedRate, type OfferedRate } from "./rates";
import { taxConfigFor } from "./tax";
import { computeTotals, type Totals, type TotalsLine } from "./totals";

export { countrySchema, SHIPPING_ADDRESS_FIELDS, shippingAddressSchema, shippingRateIdSchema, type ShippingAddress, type ShippingAddressField } from "./address";
export { addressLines, SHIPPING_COUNTRIES, shipsTo } from "./countries";
export { findOfferedRate, ratesForCountry, toShippingRateDto, type OfferedRate, type ShippingRateDto } from "./rates";
export { taxConfigFor } from "./tax";
export { computeTotals, shippingCost, taxRateFor, type Totals } from "./totals";

/** What the shopper chose: where to ship and how (both null until chosen). */
export type ShippingSelection = { address: ShippingAddress | null; rateId: string | null };

export type PricedCart = Totals & { address: ShippingAddress | null; rate: OfferedRate | null };

export const SHIPPING_ADDRESS_REQUIRED = "A shipping address is needed for these items.";

/**
 * Price a cart for a shipping selection, server-side: the rate must be offered for the address's
 * country, tax comes from the destination (for digital-only carts from the address if one was
 * given, else none), and the totals from computeTotals.
 *
 * `requireShipping`: a caller whose contract collects an address (the web checkout,
 * POST /api/v1/checkout) is refused without one when a line needs shipping. Callers whose
 * contract has no address (seed 002/003's calls, the IVR) price the cart without shipping and
 * tax, exactly as before addresses existed.
 */
export async function priceCart(
  cart: { lines: readonly TotalsLine[]; currency: string },
  selection: ShippingSelection,
  opts: { requireShipping: boolean },
  database: DbExecutor = db(),
): Promise<PricedCart> {
  const needsShipping = cart.lines.some((l) => l.requiresShipping);
  const { address } = selection;
  if (needsShipping && !address) {
    if (opts.requireShipping) throw new DomainError("invalid_request", SHIPPING_ADDRESS_REQUIRED, { shipping_address: ["is required"] });
    return { ...computeTotals({ lines: cart.lines, currency: cart.currency, tax: { rates: [], inclusive: false } }), address: null, rate: null };
  }
  let rate: OfferedRate | null = null;
  if (needsShipping && address) {
    if (!selection.rateId) throw new DomainError("invalid_request", "Choose a shipping method.", { shipping_rate: ["is required"] });
    rate = await findOfferedRate(selection.rateId, address.country, cart.currency, database);
    if (!rate) {
      throw new DomainError("invalid_request", "That shipping method is not offered for this address.", {
        shipping_rate: [`is not offered for ${address.country}`],
      });
    }
  }
  const tax = await taxConfigFor(address?.country, database);
  return { ...computeTotals({ lines: cart.lines, currency: cart.currency, address, rate, tax }), address, rate };
}

/** How an order ships and what its total is made of, as the confirmation and order pages show it. */
export function orderShippingSummary(order: {
  currency: string;
  amountTotal: number;
  amountSubtotal: number | null;
  amountShipping: number;
  amountTax: number;
  taxInclusive: boolean;
  shippingAddress: ShippingAddress | null;
  shippingRateName: string | null;
}) {
  return {
    currency: order.currency,
    subtotal: order.amountSubtotal ?? order.amountTotal,
    shipping: order.amountShipping,
    tax: order.amountTax,
    taxInclusive: order.taxInclusive,
    addressLines: order.shippingAddress ? addressLines(order.shippingAddress) : null,
    method: order.shippingRateName,
  };
}
