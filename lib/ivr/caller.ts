import { clientIp, peerAddress } from "@/lib/auth/client-ip";
import { authenticateRequest, type SessionUser } from "@/lib/auth/request";
import { parseNetworks } from "@/lib/auth/trusted-proxies";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { IVR_KEY_PREFIX, verifyIvrKey } from "./keys";

/** Who is calling the IVR API: a phone system with a key, one on a trusted network, or an admin. */
export type IvrCaller =
  | { kind: "key"; keyId: string; name: string }
  | { kind: "network"; address: string }
  | { kind: "admin"; user: SessionUser };

/** The IVR key of `Authorization: Bearer <key>` or HTTP Basic (any user name, the key as password). */
export function ivrKeyOf(req: Request): string | null {
  const header = req.headers.get("authorization")?.trim();
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1].startsWith(IVR_KEY_PREFIX) ? bearer[1] : null;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

let networksCache: { source: string | undefined; contains: (address: string) => boolean } | undefined;

function trustedNetworks(): (address: string) => boolean {
  const source = env().IVR_TRUSTED_NETWORKS;
  if (!networksCache || networksCache.source !== source) networksCache = { source, contains: parseNetworks(source) };
  return networksCache.contains;
}

/**
 * The IVR caller, or unauthorized. Tried in order: an IVR key (a bad or revoked one is refused,
 * never passed on to other checks); with no Authorization header, a client address in
 * IVR_TRUSTED_NETWORKS (the socket address, or X-Forwarded-For as far as TRUSTED_PROXIES allows);
 * an admin's session or access token.
 */
export async function requireIvrCaller(req: Request): Promise<IvrCaller> {
  const key = ivrKeyOf(req);
  const header = req.headers.get("authorization");
  if (key !== null || /^Basic\s/i.test(header ?? "")) {
    const record = key ? await verifyIvrKey(key) : null;
    if (!record) throw new DomainError("unauthorized", "The IVR key is missing, unknown or revoked.");
    return { kind: "key", keyId: record.id, name: record.name };
  }
  const address = peerAddress(req.headers) ? clientIp(req.headers) : null;
  if (!header && address && trustedNetworks()(address)) return { kind: "network", address };
  const user = await authenticateRequest(req);
  if (user?.role === "admin") return { kind: "admin", user };
  throw new DomainError("unauthorized", "Send an IVR key (Authorization: Bearer <key>, or HTTP Basic with the key as password).");
}

/** The rate-limit key of a caller: its key, its address, or the admin. */
export function ivrCallerKey(caller: IvrCaller): string {
  if (caller.kind === "key") return `key:${caller.keyId}`;
  if (caller.kind === "network") return `net:${caller.address}`;
  return `admin:${caller.user.id}`;
}
