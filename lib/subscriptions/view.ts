/** What the subscription pages hand their client components (plain data, no server imports). */
export type PlanCard = { key: string; name: string; amount: number; currency: string; interval: string; features: readonly string[] };

export type SubscriptionSummary = {
  plan: string;
  planName: string;
  status: string;
  /** The status in words, for the member. */
  statusText: string;
  live: boolean;
  cancelAtPeriodEnd: boolean;
  amount: number | null;
  currency: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  card: { brand: string; last4: string } | null;
};

/** A plan change as the member confirms it (see lib/subscriptions/plan-change.ts). */
export type PlanChangeView = {
  plan: string;
  kind: "upgrade" | "downgrade";
  currency: string;
  amountDueNow: number;
  credit: number;
  nextInvoiceAmount: number | null;
  nextInvoiceAt: string | null;
  quote: string;
};

export function planChangeView(p: { plan: string; kind: "upgrade" | "downgrade"; currency: string; amountDueNow: number; credit: number; nextInvoiceAmount: number | null; nextInvoiceAt: Date | null; quote: string }): PlanChangeView {
  return { plan: p.plan, kind: p.kind, currency: p.currency, amountDueNow: p.amountDueNow, credit: p.credit, nextInvoiceAmount: p.nextInvoiceAmount, nextInvoiceAt: p.nextInvoiceAt?.toISOString() ?? null, quote: p.quote };
}

/** An invoice the member has to pay now (a plan change charged at once, a renewal): 3-D Secure, or another card. */
export type PaymentDue = { status: "requires_action" | "failed"; invoiceId: string; amount: number; currency: string; clientSecret: string | null; message: string | null };

export type InvoiceLine = { id: string; number: string | null; amount: number; currency: string; created: string; status: string; url: string | null };

const STATUS_TEXT: Record<string, string> = {
  pending: "Starting…",
  incomplete: "Waiting for your first payment.",
  incomplete_expired: "Expired: the first payment was never made.",
  trialing: "In its trial period.",
  active: "Active.",
  past_due: "Past due: your last payment failed. Update your card to keep your subscription.",
  unpaid: "Unpaid.",
  canceled: "Canceled.",
  paused: "Paused.",
};

/** The page's view of a subscription row (pure: usable from server pages and tests). */
export function summarizeSubscription(
  row: { plan: string; status: string; cancelAtPeriodEnd: boolean; currentPeriodStart: Date | null; currentPeriodEnd: Date | null; cardBrand: string | null; cardLast4: string | null; stripePriceId: string },
  plans: ReadonlyArray<PlanCard & { priceId?: string }>,
  liveStatuses: readonly string[],
): SubscriptionSummary {
  const plan = plans.find((p) => p.key === row.plan);
  const end = row.currentPeriodEnd ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(row.currentPeriodEnd) : null;
  const statusText = row.cancelAtPeriodEnd && row.status === "active" && end ? `Active until ${end}, then it ends.` : row.status === "active" && end ? `Active. Renews on ${end}.` : (STATUS_TEXT[row.status] ?? row.status);
  return {
    plan: row.plan,
    planName: plan?.name ?? row.plan,
    status: row.status,
    statusText,
    live: liveStatuses.includes(row.status),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    amount: plan?.amount ?? null,
    currency: plan?.currency ?? null,
    currentPeriodStart: row.currentPeriodStart?.toISOString() ?? null,
    currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
    card: row.cardBrand && row.cardLast4 ? { brand: row.cardBrand, last4: row.cardLast4 } : null,
  };
}
