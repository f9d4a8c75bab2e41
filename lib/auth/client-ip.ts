/**
 * The client's IP as seen by the server in front of us: the first x-forwarded-for hop (Next's
 * server sets it), else x-real-ip. Used only to key rate limits.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  if (first) return first.slice(0, 64);
  const real = headers.get("x-real-ip")?.trim();
  return real ? real.slice(0, 64) : null;
}
