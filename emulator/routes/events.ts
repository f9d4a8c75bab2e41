/** `/v1/events`: retrieve, list (`type` with a `*` suffix, `types[]`). */
import type { Engine } from "../engine";
import { S } from "../params";
import { listRoute, retrieveRoute, type Router } from "./factory";

export function eventRoutes(r: Router, e: Engine): void {
  retrieveRoute(r, e, "/v1/events", "event");
  listRoute(r, e, "/v1/events", "event", { type: S.str(), types: S.arr(S.str()), delivery_success: S.bool() }, (p) => {
    const pattern = p.type;
    const matches = (type: string) => (pattern?.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern);
    return (ev) => (!pattern || matches(ev.type)) && (!p.types || p.types.includes(ev.type));
  }, ["type"]);
}
