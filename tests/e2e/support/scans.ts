import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { findSecrets } from "../../../lib/security/secrets";
import { testDataRoot } from "../../../support/servers";

export const logDir = path.join(testDataRoot, "logs");

/** Every secret-shaped string in the server logs of this run (.test-data/logs/*.log), as "file:line: kind". */
export function scanLogs(): { files: string[]; lines: number; hits: string[] } {
  const files = readdirSync(logDir).filter((f) => f.endsWith(".log"));
  const hits: string[] = [];
  let lines = 0;
  for (const file of files) {
    readFileSync(path.join(logDir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        lines++;
        for (const { kind, match } of findSecrets(line)) hits.push(`${file}:${i + 1}: ${kind} (${match.slice(0, 12)}…)`);
      });
  }
  return { files, lines, hits };
}

/** A CVC/CVV value beside card fields, as JSON (`"cvc":"123"`) or a form (`card[cvc]=123`) would hold it. */
const CVC_VALUE = /["']?(?:cvc|cvv|card_cvc|cvc_number)["']?\]?\s*[:=]\s*["']?\d{3,4}\b/i;

/**
 * Card data in the database: a Luhn-valid 13–19 digit run, or a CVC value, in any text or JSON
 * column of any table (the app's and the job queue's). Returns "schema.table.column: kind".
 */
export async function scanDatabaseForCardData(handle: DatabaseHandle): Promise<{ columns: number; values: number; hits: string[] }> {
  const columns = await handle.query<{ table_schema: string; table_name: string; column_name: string }>(
    `select c.table_schema, c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema not in ('pg_catalog', 'information_schema')
        and c.data_type in ('text', 'character varying', 'json', 'jsonb')`,
  );
  const hits: string[] = [];
  let values = 0;
  for (const c of columns) {
    const name = `"${c.table_schema}"."${c.table_name}"`;
    const rows = await handle.query<{ v: string }>(`select "${c.column_name}"::text as v from ${name} where "${c.column_name}" is not null`);
    for (const { v } of rows) {
      values++;
      const where = `${c.table_schema}.${c.table_name}.${c.column_name}`;
      for (const { kind, match } of findSecrets(v)) if (kind === "card number") hits.push(`${where}: card number (…${match.slice(-4)})`);
      if (CVC_VALUE.test(v)) hits.push(`${where}: CVC value`);
    }
  }
  return { columns: columns.length, values, hits };
}

/** The database an E2E server ran on (from createServerDatabase's env), opened once it has stopped. */
export function openServerDatabase(env: Record<string, string>): DatabaseHandle {
  return env.DATABASE_URL ? openDatabase({ kind: "postgres", url: env.DATABASE_URL }) : openDatabase({ kind: "pglite", dir: env.PGLITE_DIR });
}
