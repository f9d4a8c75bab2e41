import { formatMoney } from "@/lib/money";

type Props = {
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  /** The address as lines (lib/shipping addressLines), or null for an order that ships nothing. */
  addressLines: string[] | null;
  method: string | null;
};

/** An order's shipping address and method, and how its total is made up (confirmation and order pages). */
export function OrderShipping({ currency, subtotal, shipping, tax, taxInclusive, addressLines, method }: Props) {
  const money = (n: number) => formatMoney(n, currency);
  // An order that ships nothing and paid no tax has nothing to break down.
  if (!addressLines && tax === 0) return null;
  return (
    <div className="mt-6 grid gap-4 rounded-xl border border-stone-200 bg-white p-4 text-sm sm:grid-cols-2" data-testid="order-shipping">
      {addressLines ? (
        <div>
          <h2 className="font-medium text-stone-600">Shipping to</h2>
          <address className="mt-1 not-italic" data-testid="shipping-address">
            {addressLines.map((line, i) => (
              <span key={i} className="block">
                {line}
              </span>
            ))}
          </address>
          {method ? (
            <p className="mt-2">
              <span className="text-stone-600">Method: </span>
              <span data-testid="shipping-method">{method}</span>
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 self-start">
        <dt className="text-stone-600">Subtotal</dt>
        <dd className="text-right tabular-nums">{money(subtotal)}</dd>
        {addressLines ? (
          <>
            <dt className="text-stone-600">Shipping</dt>
            <dd className="text-right tabular-nums" data-testid="order-shipping-amount">{shipping === 0 ? "Free" : money(shipping)}</dd>
          </>
        ) : null}
        <dt className="text-stone-600">{taxInclusive ? "Tax (included)" : "Tax"}</dt>
        <dd className="text-right tabular-nums" data-testid="order-tax-amount">{money(tax)}</dd>
      </dl>
    </div>
  );
}
