import os from "node:os";

/**
 * How many password checks (the throttle look-ups and the argon2 verification) may run at once:
 * per client IP and in this process altogether. A verification costs ~19 MiB and a threadpool
 * thread for tens of milliseconds; 40 concurrent wrong sign-ins took /api/v1/health from 19 ms to
 * 1.3 s. Past the cap a sign-in is refused at once (429), before any work, instead of queueing. Per process by nature (it guards this process's CPU and memory).
 * A counter map, not a library: queueing semaphores (p-limit and co.) wait, and waiting is what
 * must not happen here.
 */
export const MAX_PASSWORD_CHECKS_PER_CLIENT = 2;
export const MAX_PASSWORD_CHECKS_IN_FLIGHT = Math.max(4, os.availableParallelism() * 2);

const perClient = new Map<string, number>();
let inFlight = 0;

/** A slot for one password check (call the returned release once done), or null when full. */
export function tryPasswordCheckSlot(client: string | null): (() => void) | null {
  const held = client ? (perClient.get(client) ?? 0) : 0;
  if (inFlight >= MAX_PASSWORD_CHECKS_IN_FLIGHT || held >= MAX_PASSWORD_CHECKS_PER_CLIENT) return null;
  inFlight++;
  if (client) perClient.set(client, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inFlight--;
    if (!client) return;
    const left = (perClient.get(client) ?? 1) - 1;
    if (left > 0) perClient.set(client, left);
    else perClient.delete(client);
  };
}
