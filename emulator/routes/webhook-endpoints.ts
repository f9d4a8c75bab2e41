/** `/v1/webhook_endpoints`: create (the signing `secret` only in this answer), retrieve, update, list, delete. */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { EVENT_TYPES } from "../event-types";
import { S, validate } from "../params";
import { newId, nowSeconds, randomId } from "../store";
import { deleteRoute, listRoute, retrieveRoute, type Router } from "./factory";

/** Each name is `*` or one of Stripe's event types. */
function checkEnabledEvents(names: readonly string[] | undefined): void {
  for (const [i, name] of (names ?? []).entries()) {
    if (name !== "*" && !EVENT_TYPES.has(name)) throw invalidRequest(`Invalid enabled_events[${i}]: ${name} is not a valid event type.`, `enabled_events[${i}]`, "parameter_invalid");
  }
}

function checkUrl(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw invalidRequest(`Invalid URL: ${url}. URLs must be absolute http(s) URLs.`, "url", "url_invalid");
  }
}

export function webhookEndpointRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/webhook_endpoints", (ctx) => {
    const p = validate(ctx.params, {
      url: S.str({ required: true }),
      enabled_events: S.arr(S.str(), { required: true }),
      description: S.str({ nullable: true }),
      metadata: S.metadata(),
      api_version: S.str(),
      connect: S.bool(),
    });
    checkUrl(p.url);
    checkEnabledEvents(p.enabled_events);
    const secret = `whsec_${randomId(32)}`;
    const endpoint: Stripe.WebhookEndpoint = {
      id: newId("we"),
      object: "webhook_endpoint",
      api_version: p.api_version ?? null,
      application: null,
      created: nowSeconds(),
      description: p.description ?? null,
      enabled_events: p.enabled_events,
      livemode: false,
      metadata: {},
      status: "enabled",
      url: p.url,
    };
    e.applyMetadata(endpoint, p.metadata);
    e.checkExpand(endpoint, p.expand);
    e.insert(endpoint, { secret });
    return { ...e.render(endpoint, p.expand), secret };
  });

  retrieveRoute(r, e, "/v1/webhook_endpoints", "webhook_endpoint");

  r.on("POST", "/v1/webhook_endpoints/:id", (ctx, [id]) => {
    const p = validate(ctx.params, { url: S.str(), enabled_events: S.arr(S.str()), description: S.str({ nullable: true }), metadata: S.metadata(), disabled: S.bool() });
    const endpoint = e.get(id, "webhook_endpoint");
    if (p.url) checkUrl(p.url);
    checkEnabledEvents(p.enabled_events);
    e.checkExpand(endpoint, p.expand);
    e.update(endpoint, p, ["url", "enabled_events", "description", "metadata"]);
    if (p.disabled !== undefined) endpoint.status = p.disabled ? "disabled" : "enabled";
    e.touch();
    return e.render(endpoint, p.expand);
  });

  deleteRoute(r, e, "/v1/webhook_endpoints", "webhook_endpoint");
  listRoute(r, e, "/v1/webhook_endpoints", "webhook_endpoint", {});
}
