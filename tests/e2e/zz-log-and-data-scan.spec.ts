import { expect, test } from "./fixtures";
import { scanLogs } from "./support/scans";

/**
 * Runs last (files run in name order, one worker): every log the servers of this run wrote must be
 * free of password hashes, JWTs, client secrets, webhook secrets, Stripe keys and card numbers.
 * (The e2e server's database is scanned for card data by the global teardown, once the server has
 * stopped: PGlite allows one process per folder.)
 */
test("no secret or card number in any server log of this run", () => {
  const { files, lines, hits } = scanLogs();
  console.log(`log scan: ${files.length} files (${files.join(", ")}), ${lines} lines, ${hits.length} hits`);
  expect(files).toContain("e2e.log");
  expect(hits).toEqual([]);
});
