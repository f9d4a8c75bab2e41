// `npm run db:migrate`: apply db/migrations to DATABASE_URL (or the PGlite folder).
import { databaseHandle } from "../lib/db";

async function main() {
  const handle = databaseHandle();
  const where = handle.target.kind === "postgres" ? "the Postgres server" : `PGlite at ${handle.target.dir}`;
  await handle.migrate();
  console.log(`Migrations applied to ${where}.`);
  await handle.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
