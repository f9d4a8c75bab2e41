import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { z } from "zod";
import { authBaseConfig, withRuntimeSettings } from "@/lib/auth/config";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { clientIp } from "@/lib/auth/client-ip";
import { signInWithPassword } from "@/lib/auth/login";
import { revokeSessions } from "@/lib/auth/session-version";
import { db } from "@/lib/db";
import { plainText } from "@/lib/validation/text";

/** Sign-in refused because of the rate limit (the login page shows the wait). */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

/** The Drizzle adapter, opened on first use so that importing this module touches no database. */
function lazyDrizzleAdapter(): Adapter {
  let adapter: Adapter | undefined;
  const open = () =>
    (adapter ??= DrizzleAdapter(db(), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }));
  return new Proxy({} as Adapter, {
    get(_target, prop) {
      const value = open()[prop as keyof Adapter];
      return typeof value === "function" ? value.bind(adapter) : value;
    },
  });
}

const credentialsSchema = z.object({ email: plainText().max(254), password: plainText().max(200) });

async function requestIp(request: Request | undefined): Promise<string | null> {
  if (request?.headers) {
    const ip = clientIp(request.headers);
    if (ip) return ip;
  }
  try {
    return clientIp(await headers());
  } catch {
    return null;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(
  withRuntimeSettings({
    ...authBaseConfig,
    adapter: lazyDrizzleAdapter(),
    events: {
      // Sign-out ends the session server-side: a copy of the cookie stops working too.
      async signOut(message) {
        const id = "token" in message ? message.token?.id : undefined;
        if (id) await revokeSessions(id);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await signInWithPassword({ ...parsed.data, ip: await requestIp(request) });
          if (!result.ok) {
            if (result.reason === "rate_limited") throw new SignInRateLimited();
            return null;
          }
          const { id, email, name, role, sessionVersion } = result.user;
          return { id, email, name, role, sessionVersion };
        },
      }),
    ],
  }),
);
