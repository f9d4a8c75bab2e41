import type { Metadata } from "next";
import Link from "next/link";
import { pickSearchParams } from "@/app/admin/search-params";
import { auditQuerySchema, listAudit } from "@/lib/audit";
import { zodFieldErrors } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };


/** The audit log, filtered by path prefix, status and date (kept in the URL), newest first, a page at a time. */
export default async function AdminAuditPage({ searchParams }: Props) {
  const raw = pickSearchParams(await searchParams, ["path", "status", "since", "cursor", "limit"]);
  const parsed = auditQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const page = parsed.success ? await listAudit(parsed.data) : { entries: [], nextCursor: null };
  const next = page.nextCursor ? `?${new URLSearchParams({ ...raw, cursor: String(page.nextCursor) })}` : null;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Audit log</h1>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit log">
        {(
          [
            ["path", "Path starts with", "/api/payment/"],
            ["status", "Status", "402 or 4xx"],
            ["since", "Since (ISO date-time)", "2026-12-01T00:00:00Z"],
          ] as const
        ).map(([name, label, placeholder]) => (
          <label key={name} className="flex flex-col gap-1 font-medium text-stone-700">
            {label}
            <input name={name} defaultValue={raw[name] ?? ""} placeholder={placeholder} aria-invalid={errors[name] ? true : undefined} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
            {errors[name] ? <span className="text-red-700">{errors[name][0]}</span> : null}
          </label>
        ))}
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Filter
        </button>
      </form>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Audit entries">
          <thead className="border-b border-stone-200 text-stone-500">
            <tr>
              <th className="py-2">Time (UTC)</th>
              <th>Request</th>
              <th>Status</th>
              <th>ms</th>
              <th>Caller</th>
              <th>Request id</th>
              <th>Bodies (masked)</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.length === 0 ? (
              <tr>
                <td colSpan={7} className="py-4 text-stone-500">
                  No entries match.
                </td>
              </tr>
            ) : (
              page.entries.map((e) => (
                <tr key={e.id} className="border-b border-stone-100 align-top" data-testid="audit-row">
                  <td className="py-2 whitespace-nowrap">{e.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td className="font-mono text-xs">
                    {e.method} {e.path}
                  </td>
                  <td>{e.status}</td>
                  <td className="tabular-nums">{e.durationMs}</td>
                  <td className="text-xs">{e.keyId ? `key ${e.keyId.slice(0, 8)}` : e.userId ? `user ${e.userId.slice(0, 8)}` : (e.clientIp ?? "—")}</td>
                  <td className="font-mono text-xs">{e.requestId.slice(0, 12)}</td>
                  <td>
                    <details>
                      <summary className="cursor-pointer text-brand-700">show</summary>
                      <pre className="max-w-xl overflow-x-auto text-xs">{JSON.stringify({ request: e.requestBody, response: e.responseBody }, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {next ? (
        <Link href={`/admin/audit${next}`} className="font-medium text-brand-700 underline">
          Older entries
        </Link>
      ) : null}
    </div>
  );
}
