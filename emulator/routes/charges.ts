/**
 * `/v1/charges`: retrieve, update (`description`, `metadata`, `receipt_email`, `shipping`), list
 * (`payment_intent`, `customer`). Charges are made by the card network (emulator/card-network.ts).
 */
import type { Engine } from "../engine";
import { shippingDetails } from "../payment-intents";
import { S, validate } from "../params";
import { listRoute, retrieveRoute, type Router } from "./factory";
import { SHIPPING } from "./schemas";

const UPDATE = { description: S.str({ nullable: true }), metadata: S.metadata(), receipt_email: S.str({ nullable: true }), shipping: SHIPPING };

export function chargeRoutes(r: Router, e: Engine): void {
  retrieveRoute(r, e, "/v1/charges", "charge");
  // Any charge, whatever its status, takes these (as on Stripe); `charge.updated` when something changed.
  r.on("POST", "/v1/charges/:id", (ctx, [id]) => {
    const p = validate(ctx.params, UPDATE);
    const charge = e.get(id, "charge");
    e.checkExpand(charge, p.expand);
    const prev = e.update(charge, p, ["description", "metadata", "receipt_email"]);
    if (p.shipping !== undefined) {
      const shipping = shippingDetails(p.shipping);
      if (JSON.stringify(shipping) !== JSON.stringify(charge.shipping)) {
        prev.shipping = charge.shipping ?? null;
        charge.shipping = shipping;
      }
    }
    e.updated("charge.updated", charge, prev);
    return e.render(charge, p.expand);
  });
  listRoute(r, e, "/v1/charges", "charge", { payment_intent: S.str(), customer: S.str() }, (p) => (o) =>
    (!p.payment_intent || o.payment_intent === p.payment_intent) && (!p.customer || o.customer === p.customer),
    ["payment_intent", "customer"],
  );
}
