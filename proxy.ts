import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authBaseConfig, withRuntimeSettings } from "@/lib/auth/config";
import { isSessionCurrent } from "@/lib/auth/session-version";
import { runtimeSecurityHeaders } from "@/lib/security-headers";

// Sends guests on signed-in areas to /login?callbackUrl=… (the `authorized` callback), and so
// does a revoked session (signed out elsewhere: its version is no longer the user's); the pages
// check the session, and the admin role, again on the server.
const withAuth = NextAuth(
  withRuntimeSettings({
    ...authBaseConfig,
    callbacks: {
      ...authBaseConfig.callbacks,
      async authorized(params) {
        const user = params.auth?.user;
        const live = user?.id ? await isSessionCurrent(user.id, user.sessionVersion) : false;
        return authBaseConfig.callbacks.authorized({ ...params, auth: live ? params.auth : null });
      },
    },
  }),
).auth(() => undefined);

/**
 * Runs on the signed-in areas only (the matcher below). Every page's security headers and request
 * id are set by scripts/server.ts in front of Next (lib/security-headers.ts): running a proxy on
 * every public page halved what Next serves of even a static page (bench/proxy-cost.ts). The
 * headers are set here too, for the answers this layer makes itself (the sign-in redirect).
 */
export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const res = (await withAuth(req, event as never)) as Response;
  // Auth.js re-issues the session cookie on every check. Here that would race with signing out:
  // a prefetch of /orders answered after the sign-out response would bring the session back.
  // Sessions are issued at sign-in only; this layer never sets cookies.
  res.headers.delete("set-cookie");
  for (const [name, value] of Object.entries(runtimeSecurityHeaders())) res.headers.set(name, value);
  return res;
}

// The signed-in areas (lib/auth/config.ts's SIGNED_IN_PREFIXES), with or without a sub-path.
export const config = { matcher: ["/admin/:path*", "/orders/:path*", "/account/:path*"] };
