// `npm run admin:create -- --email ann@example.com [--password …] [--name "Ann"]`
// Creates an admin account (or promotes an existing one) on DATABASE_URL or the PGlite folder.
// Without --password a strong one is generated and printed once.
import { parseArgs } from "node:util";
import { DomainError } from "../lib/errors";
import { createAdminUser } from "../lib/auth/admin-bootstrap";
import { databaseHandle } from "../lib/db";

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || !values.email) {
    console.error("usage: npm run admin:create -- --email <email> [--password <password>] [--name <name>]");
    process.exit(values.help ? 0 : 2);
  }
  const handle = databaseHandle();
  if (handle.target.kind === "pglite") await handle.migrate();
  try {
    const result = await createAdminUser({ email: values.email, password: values.password, name: values.name });
    console.log(`${result.created ? "Created" : "Updated"} admin ${result.user.email}.`);
    if (result.generatedPassword) console.log(`Password (shown once): ${result.generatedPassword}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  if (err instanceof DomainError) {
    const fields = err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v.join(" ")}`) : [];
    console.error(fields.length ? fields.join("\n") : err.message);
  } else if (err && typeof err === "object" && "issues" in err) {
    for (const issue of (err as { issues: { path: PropertyKey[]; message: string }[] }).issues) {
      console.error(`${issue.path.join(".") || "input"}: ${issue.message}`);
    }
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
