/** The stand-in's HTTP side: form-encoded calls to the emulator with the publishable key, and the error shapes it answers. */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Json = any;

export interface StripeErrorLike {
  type: string;
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  payment_intent?: Json;
  payment_method?: Json;
  charge?: string;
}

// Read while the script runs: the emulator that served it is the one to call.
const currentScript = document.currentScript as HTMLScriptElement | null;
export const API_BASE = currentScript?.src ? new URL(currentScript.src).origin : window.location.origin;

function formEncode(value: Json, prefix = "", out: string[] = []): string[] {
  if (value === undefined || value === null) return out;
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) formEncode(v, prefix ? `${prefix}[${k}]` : k, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => formEncode(v, `${prefix}[${i}]`, out));
  } else {
    out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
  }
  return out;
}

export async function request(pk: string, method: "GET" | "POST", path: string, params: Json = {}): Promise<{ ok: boolean; body: Json }> {
  const query = method === "GET" ? formEncode(params).join("&") : "";
  try {
    const res = await fetch(`${API_BASE}${path}${query ? `?${query}` : ""}`, {
      method,
      headers: {
        Authorization: `Bearer ${pk}`,
        ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: method === "POST" ? formEncode(params).join("&") : undefined,
    });
    const body = await res.json();
    return { ok: res.ok, body };
  } catch {
    return { ok: false, body: { error: { type: "api_connection_error", message: "We could not reach the Stripe emulator. Check that it is running." } } };
  }
}

export async function helper(path: string, body: Json): Promise<Json> {
  const res = await fetch(`${API_BASE}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

export function integrationError(message: string): { error: StripeErrorLike } {
  return { error: { type: "invalid_request_error", message } };
}

