import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/** TRUSTED_PROXIES (see client-ip.ts): which X-Forwarded-For hops to believe. */
export type TrustedProxies = { source: string; trust: (address: string, hop: number) => boolean };

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const source = value?.trim() ?? "";
  if (source === "") return { source, trust: () => false };
  if (/^\d+$/.test(source)) {
    const hops = Number(source);
    return { source, trust: (_address, hop) => hop < hops };
  }
  const entries = source.split(",").map((s) => s.trim()).filter(Boolean);
  try {
    return { source, trust: proxyaddr.compile(entries) };
  } catch (err) {
    throw new Error(`TRUSTED_PROXIES must be a hop count or a comma-separated list of addresses/CIDRs (${(err as Error).message})`);
  }
}

/** "::ffff:192.0.2.1" → "192.0.2.1": one spelling per client, whatever the socket family. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1] : address).toLowerCase();
}

/** The client behind `peer` (the socket address), given the X-Forwarded-For it sent. */
export function resolveClientIp(peer: string, forwardedFor: string | null, trusted: TrustedProxies): string {
  const req = { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {}, socket: { remoteAddress: peer } };
  // Nearest first; proxy-addr stops at the first address that is not a trusted proxy.
  const chain = proxyaddr.all(req as never, trusted.trust);
  // A garbled entry is never a key (an attacker could vary it at will): keep the last real address.
  let client = peer;
  for (const address of chain) {
    if (!isIP(address)) break;
    client = address;
  }
  return normalizeAddress(client);
}


/**
 * A list of addresses or CIDRs (e.g. IVR_TRUSTED_NETWORKS), as a membership test. Empty or unset:
 * nobody is in it.
 */
export function parseNetworks(value: string | undefined): (address: string) => boolean {
  const entries = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return () => false;
  let trust: (address: string, hop: number) => boolean;
  try {
    trust = proxyaddr.compile(entries);
  } catch (err) {
    throw new Error(`must be a comma-separated list of addresses or CIDRs (${(err as Error).message})`);
  }
  return (address) => isIP(normalizeAddress(address)) !== 0 && trust(normalizeAddress(address), 0);
}
