import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authConfig } from "@/auth.config";

// Sends guests on signed-in areas to /login?callbackUrl=… (the `authorized` callback); the pages
// check the session, and the admin role, again on the server.
const withAuth = NextAuth(authConfig).auth(() => undefined);

export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const res = (await withAuth(req, event as never)) as Response;
  // Auth.js re-issues the session cookie on every check. Here that would race with signing out:
  // a prefetch of /orders answered after the sign-out response would bring the session back.
  // Sessions are issued at sign-in only; this layer never sets cookies.
  res.headers.delete("set-cookie");
  return res;
}

export const config = { matcher: ["/admin/:path*", "/orders/:path*"] };
