/** `/v1/charges`: retrieve, list (`payment_intent`, `customer`). Charges are made by the card network (emulator/card-network.ts). */
import type { Engine } from "../engine";
import { S } from "../params";
import { listRoute, retrieveRoute, type Router } from "./factory";

export function chargeRoutes(r: Router, e: Engine): void {
  retrieveRoute(r, e, "/v1/charges", "charge");
  listRoute(r, e, "/v1/charges", "charge", { payment_intent: S.str(), customer: S.str() }, (p) => (o) =>
    (!p.payment_intent || o.payment_intent === p.payment_intent) && (!p.customer || o.customer === p.customer),
    ["payment_intent", "customer"],
  );
}
