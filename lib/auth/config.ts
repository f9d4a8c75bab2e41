import type { NextAuthConfig } from "next-auth";
import type { UserRole } from "@/db/schema";
import { env } from "@/lib/env";
import { logFor } from "@/lib/log";

/**
 * The edge-safe half of the Auth.js configuration (no adapter, no database, no argon2), shared by
 * proxy.ts and lib/auth/auth.ts. Sessions are JWTs carrying the user's id and role.
 */

declare module "next-auth" {
  interface User {
    role?: UserRole;
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; role: UserRole; sessionVersion: number };
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    id?: string;
    role?: UserRole;
    /** users.session_version at sign-in: the session ends when the user's moves on. */
    sv?: number;
  }
}

/** Paths the proxy sends guests to /login from (pages check again on the server). */
const SIGNED_IN_PREFIXES = ["/admin", "/orders", "/account"];

export const authBaseConfig = {
  trustHost: true,
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  logger: {
    // A wrong password is not a server error: keep it out of the logs (and never log credentials).
    error(error: Error) {
      if (error.name === "CredentialsSignin") return;
      logFor("auth").error({ err: error }, "Auth.js error");
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.id = user.id;
        token.role = user.role ?? "customer";
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.id) {
        session.user.id = token.id;
        session.user.role = token.role ?? "customer";
        session.user.sessionVersion = token.sv ?? 0;
      }
      return session;
    },
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl;
      const guarded = SIGNED_IN_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
      if (!guarded || auth?.user) return true;
      const login = new URL("/login", request.nextUrl);
      login.searchParams.set("callbackUrl", `${pathname}${search}`);
      return Response.redirect(login);
    },
  },
} satisfies NextAuthConfig;

const building = () => process.env.NEXT_PHASE === "phase-production-build";

/**
 * The settings read from the environment, when Auth.js first needs them rather than at import:
 * `next build` imports this module, and generating or demanding secrets is the running server's
 * business.
 * - secret: AUTH_SECRET.
 * - useSecureCookies: from APP_URL, not from the request's scheme, so that a server behind a TLS
 *   proxy (reached over http) still marks its cookies Secure and __Secure-/__Host- prefixed.
 */
export function withRuntimeSettings<T extends object>(config: T): T & { secret: string; useSecureCookies: boolean } {
  return Object.defineProperties(config, {
    secret: { enumerable: true, configurable: true, get: () => (building() ? "build-time-placeholder-secret-not-used" : env().authSecret) },
    useSecureCookies: { enumerable: true, configurable: true, get: () => !building() && env().appUrl.startsWith("https://") },
  }) as T & { secret: string; useSecureCookies: boolean };
}
