/** What was done to one thing in the admin area (rows from lib/audit's recordAdminAction), newest first. */
export type HistoryEntry = { id: number; at: Date; action: string; actor: string | null; details: Record<string, unknown> };

export function AdminHistory({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-2">
      <h2 id="history-heading" className="text-xl font-semibold">
        History
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-stone-600">No admin actions yet.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="admin-history">
          {entries.map((e) => (
            <li key={e.id}>
              <span className="tabular-nums text-stone-600">{e.at.toISOString().replace("T", " ").slice(0, 19)}</span> · <strong>{e.action}</strong> by {e.actor ?? "a script"}{" "}
              <code className="text-xs text-stone-700">{JSON.stringify(e.details)}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
