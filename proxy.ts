import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authBaseConfig, withRuntimeSettings } from "@/lib/auth/config";
import { isSessionCurrent } from "@/lib/auth/session-version";
import { env } from "@/lib/env";
import { requestIdFrom } from "@/lib/request-id";
import { securityHeaders } from "@/lib/security-headers";

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

// The header set depends only on the process's environment: built once, not per request.
let headerSet: [string, string][] | undefined;
function pageHeaders(): [string, string][] {
  return (headerSet ??= Object.entries(
    securityHeaders({
      stripeEmulatorUrl: process.env.STRIPE_SECRET_KEY ? null : (process.env.STRIPE_EMULATOR_URL ?? "http://127.0.0.1:12111"),
      development: process.env.NODE_ENV !== "production",
      https: env().appUrl.startsWith("https://"),
    }),
  ));
}

const SIGNED_IN_AREAS = /^\/(admin|orders|account)(\/|$)/;

export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  let res: Response;
  if (SIGNED_IN_AREAS.test(req.nextUrl.pathname)) {
    res = (await withAuth(req, event as never)) as Response;
    // Auth.js re-issues the session cookie on every check. Here that would race with signing out:
    // a prefetch of /orders answered after the sign-out response would bring the session back.
    // Sessions are issued at sign-in only; this layer never sets cookies.
    res.headers.delete("set-cookie");
  } else {
    res = NextResponse.next();
  }
  for (const [name, value] of pageHeaders()) res.headers.set(name, value);
  // Pages carry a request id too, as every route handler's answer does (lib/http/audit.ts).
  if (!res.headers.has("x-request-id")) res.headers.set("X-Request-Id", requestIdFrom(req.headers));
  return res;
}

// Every page, and only pages: not Next's assets, the product images (public/products/*.svg, whose
// folder shares its name with the product pages) or the JSON APIs.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|products/[^/]+\\.svg$|api/|v1/).*)"] };
