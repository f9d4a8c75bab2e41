import { randomBytes } from "node:crypto";

/** A Stripe event as Stripe would send it (a fresh id), as the raw JSON to sign and deliver. */
export function eventJson(type: string, object: object): { id: string; raw: string } {
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const raw = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, api_version: "2026-10-28.endive", pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  return { id, raw };
}
