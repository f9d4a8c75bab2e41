import { env } from "./env";

/**
 * Security headers for every page, set at run time (scripts/server.ts, in front of Next) because
 * the Stripe origins depend on the runtime mode: the local emulator's URL, or Stripe's own hosts
 * with real keys.
 * Stripe's documented CSP needs: https://docs.stripe.com/security/guide#content-security-policy
 */
export function securityHeaders(opts: { stripeEmulatorUrl: string | null; development: boolean; https?: boolean }): Record<string, string> {
  const stripe = opts.stripeEmulatorUrl
    ? { script: [new URL(opts.stripeEmulatorUrl).origin], connect: [new URL(opts.stripeEmulatorUrl).origin], frame: [new URL(opts.stripeEmulatorUrl).origin] }
    : {
        script: ["https://js.stripe.com", "https://*.js.stripe.com"],
        connect: ["https://api.stripe.com", "https://maps.googleapis.com"],
        frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
      };
  // Next.js inlines its bootstrap scripts; dev mode also evaluates code for fast refresh.
  const scriptSrc = ["'self'", "'unsafe-inline'", ...(opts.development ? ["'unsafe-eval'"] : []), ...stripe.script];
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://*.stripe.com",
    "font-src 'self' data:",
    `connect-src 'self' ${stripe.connect.join(" ")}${opts.development ? " ws: wss:" : ""}`,
    `frame-src ${stripe.frame.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    // Only when the public URL is https: over plain http a browser ignores it anyway, and a
    // local http deployment must not pin itself.
    ...(opts.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

let runtimeHeaders: Record<string, string> | undefined;

/** This process's page headers (its Stripe mode, development or not, https APP_URL or not): built once. */
export function runtimeSecurityHeaders(): Record<string, string> {
  return (runtimeHeaders ??= securityHeaders({
    stripeEmulatorUrl: process.env.STRIPE_SECRET_KEY ? null : (process.env.STRIPE_EMULATOR_URL ?? "http://127.0.0.1:12111"),
    development: process.env.NODE_ENV !== "production",
    https: env().appUrl.startsWith("https://"),
  }));
}

/**
 * The paths that are pages, and get the headers: not Next's assets, the product images
 * (public/products/*.svg, whose folder shares its name with the product pages) or the JSON APIs
 * (which set their own, lib/http).
 */
const NOT_A_PAGE = /^\/(?:_next\/static|_next\/image|favicon\.ico$|products\/[^/]+\.svg$|api\/|v1\/)/;

export function isPagePath(pathname: string): boolean {
  return !NOT_A_PAGE.test(pathname);
}
