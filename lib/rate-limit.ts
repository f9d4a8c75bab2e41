import { RateLimiterDrizzle, type RateLimiterRes } from "rate-limiter-flexible";
import type { Database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { db } from "@/lib/db";

/**
 * Cashline's one rate-limit mechanism (sign-ins, signups, declined payments): fixed-window
 * counters per key, kept in the rate_limits table by rate-limiter-flexible's Drizzle store with
 * atomic upserts, so they hold across app instances and restarts. Each rule names its counter;
 * callers pick the key (an account, an IP, a user, a cart).
 */
export type LimitRule = {
  /** The key prefix in rate_limits, e.g. "login-ip". */
  name: string;
  /** How many points a key may spend in one window. */
  points: number;
  windowSeconds: number;
};

export { RateLimitedError };

export type LimitState = { count: number; retryAfterSeconds: number };

const toState = (res: RateLimiterRes | null): LimitState =>
  res ? { count: res.consumedPoints, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) } : { count: 0, retryAfterSeconds: 0 };

export class Limit {
  // One store per database handle: tests point the process at a database of their own.
  private readonly stores = new WeakMap<Database, RateLimiterDrizzle>();

  constructor(readonly rule: LimitRule) {}

  private store(): RateLimiterDrizzle {
    const database = db();
    let store = this.stores.get(database);
    if (!store) {
      store = new RateLimiterDrizzle({
        storeClient: database,
        schema: rateLimits,
        keyPrefix: this.rule.name,
        points: this.rule.points,
        duration: this.rule.windowSeconds,
      });
      this.stores.set(database, store);
    }
    return store;
  }

  /** Points spent by `key` in its current window (without spending any). */
  async state(key: string): Promise<LimitState> {
    return toState(await this.store().get(key));
  }

  /** Seconds until `key` may act again when it has spent all its points, else null. */
  async blockedFor(key: string): Promise<number | null> {
    const state = await this.state(key);
    return state.count >= this.rule.points ? state.retryAfterSeconds : null;
  }

  /** Count one event against `key` (a failure, a decline); never refuses. */
  async record(key: string, points = 1): Promise<LimitState> {
    return toState(await this.store().penalty(key, points));
  }

  /** Spend a point for an action about to happen; null if allowed, else seconds to wait. */
  async take(key: string): Promise<number | null> {
    try {
      await this.store().consume(key);
      return null;
    } catch (res) {
      if (res instanceof Error) throw res;
      return toState(res as RateLimiterRes).retryAfterSeconds;
    }
  }

  async reset(key: string): Promise<void> {
    await this.store().delete(key);
  }
}

/** The longest wait among the rules that refuse their key now (null: none does). */
export async function longestBlock(checks: [Limit, string | null | undefined][]): Promise<number | null> {
  const waits = await Promise.all(checks.map(([limit, key]) => (key ? limit.blockedFor(key) : null)));
  const blocked = waits.filter((w): w is number => w !== null);
  return blocked.length ? Math.max(...blocked) : null;
}

/** "5 minutes", "1 minute": how a refusal tells the wait. */
export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
