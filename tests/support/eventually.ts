/**
 * Wait for a condition that something else makes true (webhook delivery, job workers, the
 * emulator's retries): poll `check` until it returns a truthy value, which is returned, or fail
 * after `timeoutMs` naming `what` was awaited. The one polling helper of the tests.
 */
export async function eventually<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
