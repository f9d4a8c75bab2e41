import { formatMoney } from "@/lib/money";

export function Price({ amount, currency, className }: { amount: number; currency: string; className?: string }) {
  return (
    <span className={className} data-testid="price">
      {formatMoney(amount, currency)}
    </span>
  );
}
