import type { User } from "@/db/schema";
import { env } from "@/lib/env";
import { Limit, minutesText, RateLimitedError } from "@/lib/rate-limit";
import { createUser, type NewUserInput } from "./users";

/**
 * Self-service signup (the signup page and seed 002's POST /api/signup/): at most
 * SIGNUPS_PER_IP_PER_HOUR attempts per client IP an hour, counted before the account is made (a
 * refused duplicate counts too: it probes which emails exist), then createUser.
 */
export const SIGNUPS_PER_IP_DEFAULT = 10;

let limit: Limit | undefined;

function signupLimit(): Limit {
  const points = env().SIGNUPS_PER_IP_PER_HOUR ?? SIGNUPS_PER_IP_DEFAULT;
  if (!limit || limit.rule.points !== points) limit = new Limit({ name: "signups-ip", points, windowSeconds: 60 * 60 });
  return limit;
}

export async function registerUser(input: Omit<NewUserInput, "role">, context: { ip: string | null }): Promise<User> {
  if (context.ip) {
    const wait = await signupLimit().take(context.ip);
    if (wait !== null) throw new RateLimitedError(`Too many sign-ups from your network. Try again in ${minutesText(wait)}.`, wait);
  }
  return createUser({ ...input, role: "customer" });
}
