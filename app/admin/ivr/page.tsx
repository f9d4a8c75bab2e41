import type { Metadata } from "next";
import { IvrKeyForm, IvrTransactionForm, RevokeKeyButton } from "@/components/admin/ivr-forms";
import { env } from "@/lib/env";
import { listIvrKeys } from "@/lib/ivr/keys";
import { listIvrTransactions, MAX_FAILED_ATTEMPTS } from "@/lib/ivr/transactions";
import { formatMoney } from "@/lib/money";
import { createIvrKeyAction, createIvrTransactionAction, revokeIvrKeyAction } from "./actions";

export const metadata: Metadata = { title: "Phone payments" };
export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

export default async function AdminIvrPage() {
  const [keys, transactions] = await Promise.all([listIvrKeys(), listIvrTransactions({ limit: 50 })]);
  return (
    <div className="space-y-10">
      <h1 className="text-3xl font-semibold tracking-tight">Phone payments (IVR)</h1>

      <section aria-labelledby="keys-heading" className="grid gap-6 md:grid-cols-[1fr_2fr]">
        <div>
          <h2 id="keys-heading" className="mb-3 text-lg font-semibold">
            API keys
          </h2>
          <IvrKeyForm action={createIvrKeyAction} />
        </div>
        <table className="w-full text-left text-sm" aria-label="IVR keys">
          <thead className="border-b border-stone-200 text-stone-500">
            <tr>
              <th className="py-2">Name</th>
              <th>Key</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={5} className="py-4 text-stone-500">
                  No keys yet.
                </td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k.id} className="border-b border-stone-100">
                  <td className="py-2">{k.name}</td>
                  <td className="font-mono text-xs">{k.prefix}…</td>
                  <td>{when(k.lastUsedAt)}</td>
                  <td>{k.revokedAt ? "revoked" : "active"}</td>
                  <td>{k.revokedAt ? null : <RevokeKeyButton action={revokeIvrKeyAction} id={k.id} name={k.name} />}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="tx-heading" className="grid gap-6 md:grid-cols-[1fr_2fr]">
        <div>
          <h2 id="tx-heading" className="mb-3 text-lg font-semibold">
            New transaction
          </h2>
          <IvrTransactionForm action={createIvrTransactionAction} currency={env().STORE_CURRENCY} />
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="IVR transactions">
            <thead className="border-b border-stone-200 text-stone-500">
              <tr>
                <th className="py-2">Transaction</th>
                <th>Amount</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Card</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {transactions.length === 0 ? (
                <tr>
                  <td colSpan={6} className="py-4 text-stone-500">
                    No phone payments yet.
                  </td>
                </tr>
              ) : (
                transactions.map((t) => (
                  <tr key={t.id} className="border-b border-stone-100" data-testid="ivr-transaction-row">
                    <td className="py-2 font-mono text-xs">{t.transId}</td>
                    <td className="tabular-nums">{formatMoney(t.amount, t.currency)}</td>
                    <td>{t.status}</td>
                    <td>
                      {t.attempts} ({t.failedAttempts}/{MAX_FAILED_ATTEMPTS} refused)
                    </td>
                    <td>{t.cardLast4 ? `${t.cardBrand} •••• ${t.cardLast4}` : "—"}</td>
                    <td>{when(t.createdAt)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
