/**
 * Sum the JSON reports of vitest and Playwright in one or more folders into one line:
 * "N passed, N failed". A runner that wrote no report counts as one failure, so a crashed
 * runner can never look green. Exits 1 when anything failed.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dirs = process.argv.length > 2 ? process.argv.slice(2) : [".test-data/reports"];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const dir of dirs) {
const vitestFile = path.join(dir, "vitest.json");
if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else {
  console.error(`no vitest report in ${dir}`);
  failed += 1;
}

const playwrightFile = path.join(dir, "playwright.json");
if (existsSync(playwrightFile)) {
  const r = JSON.parse(readFileSync(playwrightFile, "utf8"));
  const s = r.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  if (Array.isArray(r.errors) && r.errors.length > 0 && !s.unexpected) failed += r.errors.length;
} else {
  console.error(`no Playwright report in ${dir}`);
  failed += 1;
}
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
