/**
 * Security headers for every page, set at request time (proxy.ts) because the Stripe origins
 * depend on the runtime mode: the local emulator's URL, or Stripe's own hosts with real keys.
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
