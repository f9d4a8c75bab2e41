// `npm run ivr:key -- --name "Phone system"`: creates an IVR API key on DATABASE_URL or the PGlite
// folder and prints it once (only its prefix and a keyed hash are stored). `--list` shows the
// keys; `--revoke <id>` revokes one. (PGlite: stop the app first; one process per data folder.)
import { parseArgs } from "node:util";
import { DomainError } from "../lib/errors";
import { databaseHandle } from "../lib/db";
import { createIvrKey, listIvrKeys, revokeIvrKey } from "../lib/ivr/keys";

async function main() {
  const { values } = parseArgs({
    options: { name: { type: "string" }, list: { type: "boolean" }, revoke: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || (!values.name && !values.list && !values.revoke)) {
    console.error('usage: npm run ivr:key -- --name "Phone system" | --list | --revoke <id>');
    process.exit(values.help ? 0 : 2);
  }
  const handle = databaseHandle();
  if (handle.target.kind === "pglite") await handle.migrate();
  try {
    if (values.list) {
      for (const k of await listIvrKeys()) console.log(`${k.id}  ${k.prefix}…  ${k.name}${k.revokedAt ? "  (revoked)" : ""}`);
    } else if (values.revoke) {
      const k = await revokeIvrKey(values.revoke);
      console.log(`Revoked ${k.prefix}… (${k.name}).`);
    } else {
      const { key, record } = await createIvrKey({ name: values.name! });
      console.log(`Created IVR key "${record.name}" (${record.id}). Shown once:`);
      console.log(key);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof DomainError ? err.message : err instanceof Error ? err.message : err);
  process.exit(1);
});
